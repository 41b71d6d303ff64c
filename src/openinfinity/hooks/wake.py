"""Waking an idle dispatcher when an event or a delivery is committed, so delivery does not wait
for the next poll (the poll stays as the safety net). The mechanism is core.commits: commits in
this process call back at once; PostgreSQL's NOTIFY reaches every process."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from openinfinity.core import commits
from openinfinity.hooks.models import HookDelivery


async def listen_postgres(engine: AsyncEngine, wake: asyncio.Event) -> Callable[[], Awaitable[Any]] | None:
    """LISTEN for commits of outbox events; returns an async closer, or None when not possible."""
    return await commits.listen(engine, wake)


@event.listens_for(Session, "after_flush")
def _flag_deliveries(session: Session, _context: Any) -> None:
    # Deliveries made by hand (test, redeliver) wake the dispatcher like outbox events do.
    if any(isinstance(obj, HookDelivery) for obj in session.new):
        commits.flag(session, commits.OUTBOX)


def watch_commits(engine: AsyncEngine, wake: asyncio.Event) -> Callable[[], None]:
    """Set `wake` after each commit through `engine` that wrote outbox events or deliveries.
    Returns the function that removes the hook."""
    return commits.watch(engine, wake.set, flag=commits.OUTBOX)
