"""Domain events, written to an outbox table in the same transaction as the change that caused
them (no change without its events, no event without its change). The webhook dispatcher reads
the outbox and delivers; see the hooks package."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, event, insert, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from openinfinity.core.models import Base, utcnow


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


# session.info keys: the events waiting to be written at commit, and "this transaction wrote
# events" (read by the hooks package to wake its dispatcher after the commit).
PENDING_KEY = "openinfinity.outbox_pending"
WRITTEN_KEY = "openinfinity.outbox_written"


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


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(PENDING_KEY, None)
    if pending:
        session.execute(insert(OutboxEvent), pending)
        session.info[WRITTEN_KEY] = True


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, _previous: Any) -> None:
    session.info.pop(PENDING_KEY, None)
    session.info.pop(WRITTEN_KEY, None)
