from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, SoftDeleteMixin, TimestampMixin


class FolderView(SoftDeleteMixin, TimestampMixin, Base):
    """A view (tab) of a folder: its type and the settings that say which items it shows and how
    (filter, sort, grouping, visible attributes, plus any client-specific keys kept as sent)."""

    __tablename__ = "folder_views"
    __table_args__ = (
        Index("ix_folder_views_board_created", "board_id", "created_at", "id"),
        Index("ix_folder_views_folder", "folder_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    folder_id: Mapped[str] = mapped_column(ForeignKey("folders.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    type: Mapped[str] = mapped_column(String(32))
    sort_order: Mapped[float] = mapped_column(default=0.0)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
