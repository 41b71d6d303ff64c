from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.history import ActorColumns
from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, CreatedAtMixin, SoftDeleteMixin, TimestampMixin


class Item(SoftDeleteMixin, TimestampMixin, Base):
    __tablename__ = "items"
    __table_args__ = (
        Index("ix_items_board_created", "board_id", "created_at", "id"),
        Index("ix_items_folder_created", "folder_id", "created_at", "id"),
        Index("ix_items_parent", "parent_id"),
        # Manual order (sort_by=sort_order) pages by (sort_order, id) through a board or a folder;
        # new items go after the last one of their folder: max(sort_order) is an index probe.
        Index("ix_items_board_sort", "board_id", "sort_order", "id"),
        Index("ix_items_folder_sort_id", "folder_id", "sort_order", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    folder_id: Mapped[str] = mapped_column(ForeignKey("folders.id", ondelete="CASCADE"))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"), default=None)
    sort_order: Mapped[float] = mapped_column(default=0.0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)


class ItemPurge(ActorColumns, CreatedAtMixin, Base):
    """The rest of a large delete, done in the background (items/purge.py): the items of these
    folders (the first one is in progress) that the delete soft-deleted at `deleted_at`, after
    (`after_created_at`, `after_id`) in the folder's index order, still need their events,
    search documents and references handled. The actor columns name who deleted the folder, for
    the items' history."""

    __tablename__ = "item_purges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    board_id: Mapped[str] = mapped_column(ForeignKey("boards.id", ondelete="CASCADE"))
    folder_ids: Mapped[list[str]] = mapped_column(JSON)
    deleted_at: Mapped[datetime] = mapped_column()
    after_created_at: Mapped[datetime | None] = mapped_column(default=None)
    after_id: Mapped[str] = mapped_column(String(36), default="")


class Value(TimestampMixin, Base):
    """One attribute's value on one item. `data` is the API's value; the key columns are derived
    from it by the attribute type so search, filters and sorts run in SQL."""

    __tablename__ = "item_values"
    __table_args__ = (
        UniqueConstraint("item_id", "attribute_id", name="uq_item_values_item_attribute"),
        Index("ix_item_values_attribute_number", "attribute_id", "number_key"),
        Index("ix_item_values_attribute_text", "attribute_id", "text_key"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    item_id: Mapped[str] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    attribute_id: Mapped[str] = mapped_column(ForeignKey("attributes.id", ondelete="CASCADE"))
    data: Mapped[Any] = mapped_column(JSON, nullable=True)
    # Text the value contributes to full-text search (AttributeType.search_text).
    search_text: Mapped[str | None] = mapped_column(Text, default=None)
    # Sort/compare keys (AttributeType.sort_key): numbers, dates (epoch seconds), booleans as 0/1 ...
    number_key: Mapped[float | None] = mapped_column(Float, default=None)
    # ... or lower-cased text, truncated.
    text_key: Mapped[str | None] = mapped_column(String(255), default=None)
