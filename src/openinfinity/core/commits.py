"""Knowing when a commit changed something a reader waits for, so the reader (the webhook
dispatcher, the change feed) wakes at once instead of at its next poll; the poll stays as the
safety net.

- In this process: a transaction flags what it changed (`flag(session, OUTBOX)`; core.events flags
  every commit that writes outbox events) and, once it has committed through an engine, every
  callback registered for that engine and flag with `watch(engine, callback, flag=...)` runs. A
  rolled-back transaction runs none.
- Across processes on PostgreSQL: a statement trigger on `outbox_events` and `hook_deliveries`
  (migration 0005) calls `pg_notify(CHANNEL)`, which PostgreSQL sends when the inserting
  transaction commits. `listen` opens one dedicated connection that LISTENs for it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
from sqlalchemy import Engine, event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "openinfinity_outbox"
OUTBOX = "outbox"  # the transaction wrote outbox events (or webhook deliveries)
ACCESS = "access"  # the transaction changed who may see what (memberships, tokens, users, boards)
CREDENTIALS = "credentials"  # the transaction ended or narrowed a credential (auth/ended.py)

_FLAGS_KEY = "openinfinity.commit_flags"
_watchers: list[tuple[Engine, str, Callable[[], None]]] = []


def flag(session: Session, name: str) -> None:
    """Mark the session's current transaction: its commit wakes the watchers of `name`."""
    session.info.setdefault(_FLAGS_KEY, set()).add(name)


def watch(engine: AsyncEngine, callback: Callable[[], None], *, flag: str = OUTBOX) -> Callable[[], None]:
    """Call `callback` after each commit through `engine` that was flagged `flag`. Returns the
    function that stops watching. The callback runs inside the committing task: keep it tiny
    (set an asyncio.Event)."""
    entry = (engine.sync_engine, flag, callback)
    _watchers.append(entry)

    def remove() -> None:
        if entry in _watchers:
            _watchers.remove(entry)

    return remove


@event.listens_for(Session, "after_commit")
def _announce(session: Session) -> None:
    flags = session.info.pop(_FLAGS_KEY, None)
    if not flags or not _watchers:
        return
    bind = session.get_bind()
    for engine, name, callback in list(_watchers):
        if name in flags and engine is bind:
            callback()


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_FLAGS_KEY, None)


async def listen(engine: AsyncEngine, wake: asyncio.Event) -> Callable[[], Awaitable[Any]] | None:
    """LISTEN for commits of outbox events on PostgreSQL; returns an async closer, or None when
    not possible (another database, or the connection failed: the caller polls)."""
    if engine.dialect.name != "postgresql":
        return None
    dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = await asyncpg.connect(dsn)
        await connection.add_listener(CHANNEL, lambda *_: wake.set())
    except (OSError, asyncpg.PostgresError) as exc:
        log.warning("LISTEN %s unavailable, polling only: %s", CHANNEL, exc)
        return None
    return connection.close
