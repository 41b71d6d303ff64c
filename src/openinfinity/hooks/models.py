"""Hooks, their deliveries (one per event and hook) and every attempt made for a delivery.

    Hook 1──* HookDelivery 1──* HookAttempt

A delivery is the unit of retry and ordering; an attempt is one HTTP request, kept for the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, CreatedAtMixin, TimestampMixin, utcnow

# Delivery states. `pending` and `sending` are open: they hold back later events of the same
# item for the same hook. The others are final.
PENDING = "pending"
SENDING = "sending"
SUCCEEDED = "succeeded"
FAILED = "failed"
CANCELLED = "cancelled"  # the hook was deactivated or deleted before this was delivered
OPEN_STATES = (PENDING, SENDING)


class Hook(TimestampMixin, Base):
    __tablename__ = "hooks"
    __table_args__ = (Index("ix_hooks_board_user", "board_id", "user_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    # The signing key, returned to the owner like the hosted API does; see hooks/signing.py.
    secret: Mapped[str] = mapped_column(String(64))
    # [{"event": "item.updated", "data": null}, ...] as the client sent them (normalised).
    events: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    deactivated_at: Mapped[datetime | None] = mapped_column(default=None)
    deactivation_reason: Mapped[str | None] = mapped_column(String(255), default=None)

    def subscribes_to(self, event: str) -> bool:
        return any(entry.get("event") == event for entry in self.events)


class HookDelivery(CreatedAtMixin, Base):
    __tablename__ = "hook_deliveries"
    __table_args__ = (
        # The claim query: open deliveries by due time.
        Index("ix_hook_deliveries_due", "status", "next_attempt_at"),
        # The ordering check: earlier open deliveries of the same item for the same hook.
        Index("ix_hook_deliveries_order", "hook_id", "item_key", "seq"),
        Index("ix_hook_deliveries_hook_created", "hook_id", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    hook_id: Mapped[str] = mapped_column(ForeignKey("hooks.id", ondelete="CASCADE"))
    # The outbox event this delivers (None for hook.test); seq orders the events of one item.
    event_id: Mapped[int | None] = mapped_column(default=None)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    item_key: Mapped[str | None] = mapped_column(String(64), default=None)
    event: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Standard Webhooks `webhook-id`: the same for every attempt and every redelivery of the event.
    message_id: Mapped[str] = mapped_column(String(64))
    # Manual deliveries (test, redeliver) make one attempt and never deactivate the hook on failure.
    manual: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(default=None)
    last_status_code: Mapped[int | None] = mapped_column(default=None)
    completed_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class HookAttempt(CreatedAtMixin, Base):
    __tablename__ = "hook_attempts"
    __table_args__ = (
        Index("ix_hook_attempts_hook_created", "hook_id", "created_at", "id"),
        Index("ix_hook_attempts_delivery", "delivery_id", "attempt"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("hook_deliveries.id", ondelete="CASCADE"))
    hook_id: Mapped[str] = mapped_column(ForeignKey("hooks.id", ondelete="CASCADE"))
    attempt: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(String(2048))
    request_headers: Mapped[dict[str, str]] = mapped_column(JSON)
    status_code: Mapped[int | None] = mapped_column(default=None)
    success: Mapped[bool] = mapped_column(default=False)
    error: Mapped[str | None] = mapped_column(String(1024), default=None)
    response_excerpt: Mapped[str | None] = mapped_column(Text, default=None)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
