from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, TimestampMixin


class Reference(TimestampMixin, Base):
    """A link from one item to another through a `reference` attribute of the source item's board.
    The source item's `reference` value (item_values row) mirrors these rows."""

    __tablename__ = "item_references"
    __table_args__ = (
        UniqueConstraint("attribute_id", "from_item_id", "to_item_id", name="uq_item_references_link"),
        Index("ix_item_references_board_created", "board_id", "created_at", "id"),
        Index("ix_item_references_from", "from_item_id", "attribute_id"),
        Index("ix_item_references_to", "to_item_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    attribute_id: Mapped[str] = mapped_column(ForeignKey("attributes.id", ondelete="CASCADE"))
    from_item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    to_item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
