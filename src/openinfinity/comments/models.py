from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, SoftDeleteMixin, TimestampMixin


class Comment(SoftDeleteMixin, TimestampMixin, Base):
    """A comment on an item; `parent_id` makes it a reply to another comment of the same item.
    `text` is stored already sanitised (see comments/sanitize.py)."""

    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_item_created", "item_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    parent_id: Mapped[str | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), default=None, index=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
