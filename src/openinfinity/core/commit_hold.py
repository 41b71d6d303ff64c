"""Holding a request's transaction open past the route, so that a middleware can add to it.

The request session (core/db.get_session) normally commits when the route returns. When a
middleware has placed a `CommitHold` in the context (`hold_commits`), the session is handed to
the hold instead of being committed: the middleware then writes its own rows in that same
transaction (the idempotency store records the response with the write it answers) and commits,
or rolls back. A request that fails rolls back as usual and hands nothing over.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.ext.asyncio import AsyncSession

_current: contextvars.ContextVar[CommitHold | None] = contextvars.ContextVar("commit_hold", default=None)


class CommitHold:
    """Receives the request's uncommitted session; its owner must commit or discard it."""

    def __init__(self) -> None:
        self.session: AsyncSession | None = None

    def adopt(self, session: AsyncSession) -> None:
        if self.session is not None:
            raise RuntimeError("a request holds one transaction")
        self.session = session

    async def commit(self) -> None:
        session = self._take()
        if session is None:
            return
        try:
            await session.commit()
        except BaseException:
            await session.rollback()
            raise
        finally:
            await session.close()

    async def discard(self) -> None:
        session = self._take()
        if session is not None:
            await session.rollback()
            await session.close()

    def _take(self) -> AsyncSession | None:
        session, self.session = self.session, None
        return session


def current() -> CommitHold | None:
    return _current.get()


@contextmanager
def hold_commits(hold: CommitHold) -> Iterator[CommitHold]:
    token = _current.set(hold)
    try:
        yield hold
    finally:
        _current.reset(token)
