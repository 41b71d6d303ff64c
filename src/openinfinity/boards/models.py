from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import short_id
from openinfinity.core.models import Base, CreatedAtMixin, SoftDeleteMixin, TimestampMixin


class Board(SoftDeleteMixin, TimestampMixin, Base):
    __tablename__ = "boards"
    __table_args__ = (Index("ix_boards_workspace_created", "workspace_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(11), primary_key=True, default=short_id)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    color: Mapped[str | None] = mapped_column(String(16), default=None)
    og_image: Mapped[str | None] = mapped_column(String(2048), default=None)
    sort_order: Mapped[float] = mapped_column(default=0.0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class BoardUser(CreatedAtMixin, Base):
    """A workspace member with access to the board (the board's `user_ids`)."""

    __tablename__ = "board_users"
    __table_args__ = (Index("ix_board_users_user", "user_id", "board_id"),)

    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
