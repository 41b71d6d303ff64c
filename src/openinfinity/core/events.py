"""Domain events, written to an outbox table in the same transaction as the change that caused
them (no change without its events, no event without its change). The webhook dispatcher reads
the outbox and delivers; see the hooks package."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

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


async def record(
    session: AsyncSession,
    event: str,
    *,
    workspace_id: int,
    board_id: str,
    payload: dict[str, Any],
    item_id: str | None = None,
) -> OutboxEvent:
    """Append an event to the outbox of the current transaction.

    `payload` is the object the API returns for the resource, as webhooks deliver it.
    """
    row = OutboxEvent(
        event=event, workspace_id=workspace_id, board_id=board_id, item_id=item_id, payload=payload
    )
    session.add(row)
    # flush so the id (delivery order) is assigned while the transaction is open
    await session.flush()
    return row
