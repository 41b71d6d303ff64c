"""The outbox side of delivery: fanning events out to the hooks that subscribe to them, and
forgetting old history.

Fan-out turns undispatched outbox events into delivery rows and marks the events dispatched, in
one transaction, so an event is fanned out exactly once. It is serialised (an advisory lock on
PostgreSQL, the BEGIN IMMEDIATE write lock on SQLite) and works in outbox id order, so the
deliveries of one item for one hook are created in the order the events happened.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import and_, delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Membership
from openinfinity.boards.models import BoardUser
from openinfinity.core import events
from openinfinity.core.db import Database
from openinfinity.core.events import OutboxEvent
from openinfinity.core.ids import uuid_str
from openinfinity.core.inlist import in_values
from openinfinity.core.models import utcnow
from openinfinity.core.softdelete import live
from openinfinity.hooks.models import OPEN_STATES, PENDING, Hook, HookAttempt, HookDelivery
from openinfinity.hooks.service import new_message_id
from openinfinity.workspaces import roles

FANOUT_BATCH = 500
FANOUT_LOCK_KEY = 0x6F69686B  # "oihk": one fan-out at a time across PostgreSQL workers
PRUNE_BATCH = 5000


async def fan_out(db: Database) -> int:
    """Turn undispatched outbox events into deliveries, once each; returns how many events."""
    dialect = db.engine.dialect.name
    async with db.transaction() as session:
        if dialect == "postgresql" and not await session.scalar(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": FANOUT_LOCK_KEY}
        ):
            return 0  # another dispatcher is fanning out right now
        events = list(
            await session.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.dispatched_at.is_(None))
                .order_by(OutboxEvent.id)
                .limit(FANOUT_BATCH)
            )
        )
        if not events:
            return 0
        now = utcnow()
        subscribers = await _subscribers(session, {e.board_id for e in events})
        rows = [
            {
                "id": uuid_str(),
                "hook_id": hook.id,
                "event_id": event.id,
                "seq": event.id,
                "item_key": event.item_id,
                "event": event.event,
                "payload": event.payload,
                "message_id": new_message_id(),
                "manual": False,
                "status": PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for event in events
            for hook in subscribers.get(event.board_id, ())
            if hook.subscribes_to(event.event)
        ]
        if rows:
            await session.execute(insert(HookDelivery), rows)
        await session.execute(
            update(OutboxEvent)
            .where(in_values(dialect, OutboxEvent.id, [e.id for e in events]))
            .values(dispatched_at=now)
            .execution_options(synchronize_session=False)
        )
        return len(events)


async def _subscribers(session: AsyncSession, board_ids: set[str]) -> dict[str, list[Hook]]:
    """Active hooks of these boards whose owner can still see the board (a member removed
    from the workspace or the board stops receiving its changes) and is an active user (a
    deactivated user's hooks send nothing, see hooks/dispatcher.py `claim` for those queued)."""
    rows = (
        await session.execute(
            select(Hook, Membership.role)
            .join(
                Membership,
                and_(Membership.workspace_id == Hook.workspace_id, Membership.user_id == Hook.user_id),
            )
            .join(User, User.id == Hook.user_id)
            .where(
                Hook.board_id.in_(board_ids),
                Hook.active.is_(True),
                User.active.is_(True),
                live(User),
            )
            .order_by(Hook.created_at, Hook.id)
        )
    ).all()
    restricted = {(h.board_id, h.user_id) for h, role in rows if not roles.sees_every_board(role)}
    allowed: set[tuple[str, int]] = set()
    if restricted:
        found = await session.execute(
            select(BoardUser.board_id, BoardUser.user_id).where(
                BoardUser.board_id.in_({b for b, _ in restricted}),
                BoardUser.user_id.in_({u for _, u in restricted}),
            )
        )
        allowed = {(b, u) for b, u in found.all()}
    result: dict[str, list[Hook]] = defaultdict(list)
    for hook, role in rows:
        if roles.sees_every_board(role) or (hook.board_id, hook.user_id) in allowed:
            result[hook.board_id].append(hook)
    return result


async def prune(db: Database, *, retention_days: float, feed_history_hours: float = 0.0) -> int:
    """Forget what is older than the retention period: dispatched outbox events (kept for the
    change feed's history too, whichever is longer) and finished deliveries with their attempts.
    Bounded per call so it never holds locks for long."""
    now = utcnow()
    cutoff = now - timedelta(days=retention_days)
    events_cutoff = min(cutoff, now - timedelta(hours=feed_history_hours))
    dialect = db.engine.dialect.name
    async with db.transaction() as session:
        events_gone = await events.prune(session, cutoff=events_cutoff, limit=PRUNE_BATCH)
        old = list(
            await session.scalars(
                select(HookDelivery.id)
                .where(HookDelivery.status.not_in(OPEN_STATES), HookDelivery.completed_at < cutoff)
                .limit(PRUNE_BATCH)
            )
        )
        if old:
            await session.execute(
                delete(HookAttempt)
                .where(in_values(dialect, HookAttempt.delivery_id, old))
                .execution_options(synchronize_session=False)
            )
            await session.execute(
                delete(HookDelivery)
                .where(in_values(dialect, HookDelivery.id, old))
                .execution_options(synchronize_session=False)
            )
    return events_gone + len(old)
