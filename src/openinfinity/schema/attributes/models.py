from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, SoftDeleteMixin, TimestampMixin


class Attribute(SoftDeleteMixin, TimestampMixin, Base):
    __tablename__ = "attributes"
    __table_args__ = (Index("ix_attributes_board_created", "board_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    # The registry key of the attribute's type (schema/attributes/types/registry.py).
    type: Mapped[str] = mapped_column(String(32))
    default_data: Mapped[Any] = mapped_column(JSON, nullable=True, default=None)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
