"""The two append-only logs. No foreign keys: an entry outlives what it describes (a deleted
item's history, a removed member's audit trail) until retention prunes it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.models import Base, utcnow


class ActorColumns:
    """Who made a change: the user, and the credential they used (a personal token, an OAuth
    application's token, or the web app's session); all None for the server itself (CLI)."""

    actor_user_id: Mapped[int | None] = mapped_column(default=None)
    actor_kind: Mapped[str] = mapped_column(String(16), default="system")
    actor_token_id: Mapped[int | None] = mapped_column(default=None)
    actor_client_id: Mapped[int | None] = mapped_column(default=None)


class ItemChange(ActorColumns, Base):
    """One change of one item: the item itself (`field` set, e.g. folder_id) or one of its values
    (`attribute_id` set). `old`/`new` are API values (None where there was none)."""

    __tablename__ = "item_changes"
    __table_args__ = (
        Index("ix_item_changes_item", "item_id", "id"),
        Index("ix_item_changes_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    board_id: Mapped[str] = mapped_column(String(64))
    item_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    attribute_id: Mapped[str | None] = mapped_column(String(64), default=None)
    field: Mapped[str | None] = mapped_column(String(32), default=None)
    old: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    new: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEntry(ActorColumns, Base):
    """One administrative action in a workspace (membership, credentials, hooks, boards and
    attributes), with the client address it came from."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_workspace", "workspace_id", "id"),
        Index("ix_audit_log_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column()
    action: Mapped[str] = mapped_column(String(48))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64), default=None)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    address: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
