from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.models import Base, CreatedAtMixin, SoftDeleteMixin, TimestampMixin


class Workspace(SoftDeleteMixin, TimestampMixin, Base):
    __tablename__ = "workspaces"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(255))
    photo_url: Mapped[str | None] = mapped_column(String(2048), default=None)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)


class Membership(CreatedAtMixin, Base):
    """A user's role in a workspace; the owner has a row too (role "owner")."""

    __tablename__ = "memberships"
    __table_args__ = (Index("ix_memberships_user_workspace", "user_id", "workspace_id"),)

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32))
