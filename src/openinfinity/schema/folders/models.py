from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import short_id
from openinfinity.core.models import Base, SoftDeleteMixin, TimestampMixin


class Folder(SoftDeleteMixin, TimestampMixin, Base):
    """A folder of a board. The API's `parent_id` is the board id for a top-level folder and
    `parent_folder_id` otherwise."""

    __tablename__ = "folders"
    __table_args__ = (Index("ix_folders_board_created", "board_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(11), primary_key=True, default=short_id)
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    parent_folder_id: Mapped[str | None] = mapped_column(
        ForeignKey("folders.id", ondelete="CASCADE"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    color: Mapped[str | None] = mapped_column(String(32), default=None)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Ordered list of attribute ids shown in the folder.
    attribute_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    sort_order: Mapped[float] = mapped_column(default=0.0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
