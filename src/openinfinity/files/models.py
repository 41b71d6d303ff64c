from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.models import Base, TimestampMixin


class Attachment(TimestampMixin, Base):
    """A stored file of a workspace. `path` is the storage key (random name, never the original);
    `original_name` is what the uploader called it."""

    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_workspace_created", "workspace_id", "created_at", "id"),
        # Ids are never reused after a delete, so a stale signed link cannot name another file.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    path: Mapped[str] = mapped_column(String(512), unique=True)
    thumb_path: Mapped[str | None] = mapped_column(String(512), default=None)
    original_name: Mapped[str] = mapped_column(String(255))
    filesize: Mapped[int] = mapped_column(BigInteger)
    content_type: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
