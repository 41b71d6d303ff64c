"""Waking an idle dispatcher when an event is committed, so delivery does not wait for the next
poll (the poll stays as the safety net).

- PostgreSQL: a statement trigger on `outbox_events` and `hook_deliveries` (migration 0005) calls
  `pg_notify('openinfinity_outbox')`; PostgreSQL sends it when the inserting transaction commits.
  Every dispatcher, in any process, LISTENs on one dedicated connection.
- In-process (the embedded SQLite setup): a session hook notices commits that wrote outbox
  events or deliveries through this process's engine.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from openinfinity.core.events import WRITTEN_KEY
from openinfinity.hooks.models import HookDelivery

log = logging.getLogger(__name__)

CHANNEL = "openinfinity_outbox"
_FLAG = WRITTEN_KEY  # set by core.events when a commit writes outbox events; here for deliveries


async def listen_postgres(engine: AsyncEngine, wake: asyncio.Event) -> Callable[[], Any] | None:
    """LISTEN for commits of outbox events; returns an async closer, or None when not possible."""
    if engine.dialect.name != "postgresql":
        return None
    import asyncpg

    dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = await asyncpg.connect(dsn)
        await connection.add_listener(CHANNEL, lambda *_: wake.set())
    except (OSError, asyncpg.PostgresError) as exc:
        log.warning("LISTEN %s unavailable, polling only: %s", CHANNEL, exc)
        return None
    return connection.close


def watch_commits(engine: AsyncEngine, wake: asyncio.Event) -> Callable[[], None]:
    """Set `wake` after each commit through `engine` that wrote outbox events or deliveries.
    Returns the function that removes the hook."""
    sync_engine = engine.sync_engine

    def after_flush(session: Session, _context: Any) -> None:
        if any(isinstance(obj, HookDelivery) for obj in session.new):
            session.info[_FLAG] = True

    def after_commit(session: Session) -> None:
        if session.info.pop(_FLAG, False) and session.get_bind() is sync_engine:
            wake.set()

    def after_rollback(session: Session) -> None:
        session.info.pop(_FLAG, None)

    hooks = (("after_flush", after_flush), ("after_commit", after_commit), ("after_rollback", after_rollback))
    for name, fn in hooks:
        event.listen(Session, name, fn)

    def remove() -> None:
        for name, fn in hooks:
            event.remove(Session, name, fn)

    return remove
