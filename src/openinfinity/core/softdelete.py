"""Soft delete, written once: a deleted record keeps its row with `deleted_at` set, and every read
of live records filters on `live(...)`.

`live` takes whatever has a `deleted_at` column: a mapped class (`live(Item)`), an alias
(`live(parent)` for `parent = aliased(Folder)`) or a Core table's columns (`live(items.c)`), so the
same filter serves ORM queries and Core selects alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm.util import AliasedClass
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from openinfinity.core.models import SoftDeleteMixin, utcnow

# What `live` filters: a soft-deletable model, an alias of one, or a Core table's columns.
SoftDeletable = type[SoftDeleteMixin] | AliasedClass[SoftDeleteMixin] | ReadOnlyColumnCollection[str, Any]


def live(entity: SoftDeletable) -> ColumnElement[bool]:
    """The filter that keeps the records of `entity` that are not deleted."""
    return entity.deleted_at.is_(None)


def soft_delete(record: SoftDeleteMixin, *, at: datetime | None = None) -> datetime:
    """Mark one loaded record deleted (flushed with the session); returns the time written, so
    the records deleted with it can share it."""
    when = at or utcnow()
    record.deleted_at = when
    return when
