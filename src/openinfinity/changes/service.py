"""Where a stream starts, and the same history as one JSON page (for clients that poll)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.changes import cursor, repository
from openinfinity.changes.errors import CursorExpired
from openinfinity.changes.repository import Change


async def start_position(session: AsyncSession, board: BoardContext, given: str | None) -> int:
    """The position a stream or page starts after: the cursor's, or the board's head when there
    is none ("from now on"). A cursor whose board lost events after it (pruned), or that no
    server of this database handed out, is refused: the client must reload."""
    if given is None or not given.strip():
        return await repository.head(session, board.id)
    position = cursor.decode(board.id, given)
    if position > await repository.newest_id(session):
        raise CursorExpired("The cursor is unknown to this server. Reload the board and open the feed again.")
    if position < await repository.horizon(session, board.id):
        raise CursorExpired()
    return position


@dataclass(frozen=True, slots=True)
class ChangesPage:
    changes: list[Change]
    after: int  # the position to ask from next time
    has_more: bool


async def page(session: AsyncSession, board: BoardContext, *, after: int, limit: int) -> ChangesPage:
    changes = await repository.page(session, board.id, after=after, limit=limit + 1)
    # Read after the page: a prune that removed part of it has raised the horizon (see stream.py).
    if await repository.horizon(session, board.id) > after:
        raise CursorExpired()
    shown = changes[:limit]
    return ChangesPage(shown, shown[-1].id if shown else after, len(changes) > limit)
