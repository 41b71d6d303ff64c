"""Domain events, written to an outbox table in the same transaction as the change that caused
them (no change without its events, no event without its change). The webhook dispatcher and the
board change feed read the outbox; see the hooks and changes packages.

Order. Outbox ids are taken at insert but become visible at commit, so without care a reader that
asks for `id > last seen` (the change feed's cursor) could pass over a lower id committed later.
- SQLite has one writer at a time (BEGIN IMMEDIATE): ids are committed in id order.
- PostgreSQL: the events are inserted just before the commit, after a transaction-level advisory
  lock per board they belong to (taken in key order, so two transactions never wait on each other).
  A second transaction with events of the same board waits at that point until the first has
  committed, and only then takes its ids: the events of one board commit in id order, which is all
  a per-board cursor needs. The lock is held from the insert to the end of the commit (one round
  trip and the commit's flush), and only writers of the same board wait for it. A global lock
  would serialise every write of the database; a reader that tracks in-flight transaction ids
  (pg_snapshot_xmin) would need a new column and a second cursor scheme.
  The pending ORM changes are flushed before the locks are taken, so a transaction never holds a
  board lock while it waits for a row lock of another one (no deadlock between the two kinds).

History. `prune` forgets old events but records, per board, the highest id it removed
(`outbox_horizons`): a change-feed cursor below it has lost events (HTTP 410), one at or above it
has lost none. It never removes the newest event of the table, so SQLite (whose ids are
max(id) + 1 without AUTOINCREMENT) never hands out an id twice.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, cast

from sqlalchemy import JSON, Index, String, Table, delete, event, func, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from openinfinity.core import commits
from openinfinity.core.models import Base, utcnow

# pg_advisory_xact_lock(int4, int4): this class, and a 32-bit hash of the board id. (The two-key
# space is apart from the one-key locks, e.g. the webhook fan-out's.) Two boards whose hashes
# collide share a lock: harmless, they only wait for each other.
BOARD_LOCK_CLASS = 0x6F696366  # "oicf"
_BOARD_LOCK = text("SELECT pg_advisory_xact_lock(:cls, :key)")


def board_lock_key(board_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(board_id.encode(), digest_size=4).digest(), "big", signed=True)


class OutboxEvent(Base):
    __tablename__ = "outbox_events"
    __table_args__ = (
        Index("ix_outbox_events_board", "board_id", "id"),
        Index(
            "ix_outbox_events_undispatched",
            "id",
            postgresql_where=text("dispatched_at IS NULL"),
            sqlite_where=text("dispatched_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    event: Mapped[str] = mapped_column(String(64))
    workspace_id: Mapped[int] = mapped_column()
    board_id: Mapped[str] = mapped_column(String(64))
    # Events of one item are delivered in order; item_id is the ordering key.
    item_id: Mapped[str | None] = mapped_column(String(64), default=None)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set once the hooks dispatcher has fanned the event out (migration 0005). A flag rather than
    # a "last id" cursor: ids are taken at insert but become visible at commit, out of order.
    dispatched_at: Mapped[datetime | None] = mapped_column(default=None)


class OutboxHorizon(Base):
    """Per board, the highest outbox id that `prune` removed."""

    __tablename__ = "outbox_horizons"

    board_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pruned_through: Mapped[int] = mapped_column()


# session.info key: the events waiting to be written at commit.
PENDING_KEY = "openinfinity.outbox_pending"


def record(
    session: AsyncSession,
    event: str,
    *,
    workspace_id: int,
    board_id: str,
    payload: dict[str, Any],
    item_id: str | None = None,
) -> None:
    """Append an event to the outbox of the current transaction.

    `payload` is the object the API returns for the resource, as webhooks deliver it. The events
    of a transaction are inserted together, in the order recorded, just before it commits: one
    statement instead of one INSERT ... RETURNING per event (a create with 5 values records 7).
    """
    pending = session.info.setdefault(PENDING_KEY, [])
    pending.append(
        {
            "event": event,
            "workspace_id": workspace_id,
            "board_id": board_id,
            "item_id": item_id,
            "payload": payload,
            "created_at": utcnow(),
        }
    )


_INSERT_EVENTS = insert(cast(Table, OutboxEvent.__table__))


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.flush()  # row locks first, board locks last (see the module docstring)
        for key in sorted({board_lock_key(e["board_id"]) for e in pending}):
            session.execute(_BOARD_LOCK, {"cls": BOARD_LOCK_CLASS, "key": key})
    # A Core insert of the table (plain dicts with the same keys), not the ORM's bulk insert.
    session.connection().execute(_INSERT_EVENTS, pending)
    commits.flag(session, commits.OUTBOX)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: Any) -> None:
    session.info.pop(PENDING_KEY, None)


async def prune(session: AsyncSession, *, cutoff: datetime, limit: int) -> int:
    """Remove up to `limit` events fanned out before `cutoff` (never the newest of the table) and
    raise each board's horizon to the highest id removed. Returns how many were removed."""
    newest = select(func.max(OutboxEvent.id)).scalar_subquery()
    victims = (
        select(OutboxEvent.id)
        .where(OutboxEvent.dispatched_at < cutoff, OutboxEvent.id < newest)
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    removed = (
        await session.execute(
            delete(OutboxEvent)
            .where(OutboxEvent.id.in_(victims))
            .returning(OutboxEvent.board_id, OutboxEvent.id)
            .execution_options(synchronize_session=False)
        )
    ).all()
    horizons: dict[str, int] = {}
    for board_id, event_id in removed:
        horizons[board_id] = max(event_id, horizons.get(board_id, event_id))
    if horizons:
        await _raise_horizons(session, horizons)
    return len(removed)


async def _raise_horizons(session: AsyncSession, horizons: dict[str, int]) -> None:
    """Upsert keeping the higher value: two pruning workers may raise the same board at once."""
    rows = [{"board_id": board, "pruned_through": through} for board, through in sorted(horizons.items())]
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(OutboxHorizon).values(rows)
        higher: Any = func.greatest(OutboxHorizon.pruned_through, pg.excluded.pruned_through)
        stmt: Any = pg.on_conflict_do_update(index_elements=["board_id"], set_={"pruned_through": higher})
    else:
        lite = sqlite.insert(OutboxHorizon).values(rows)
        higher = func.max(OutboxHorizon.pruned_through, lite.excluded.pruned_through)
        stmt = lite.on_conflict_do_update(index_elements=["board_id"], set_={"pruned_through": higher})
    await session.execute(stmt)
