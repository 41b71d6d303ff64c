from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, TimestampMixin


class TimeEntry(TimestampMixin, Base):
    """A span of work by one user on one item, counted by a `time_tracking` attribute. Running
    while `ended_at` is None; `seconds` is set when it ends (the attribute's value sums them)."""

    __tablename__ = "time_entries"
    __table_args__ = (
        Index("ix_time_entries_item_attribute", "item_id", "attribute_id"),
        # One running entry per user and item, held by the database (two racing starts: one wins).
        Index(
            "uq_time_entries_running",
            "item_id",
            "user_id",
            unique=True,
            postgresql_where=text("ended_at IS NULL"),
            sqlite_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    attribute_id: Mapped[str] = mapped_column(ForeignKey("attributes.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    started_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    seconds: Mapped[int | None] = mapped_column(default=None)
    description: Mapped[str | None] = mapped_column(Text, default=None)
