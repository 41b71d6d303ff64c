"""A view's sort as SQL ORDER BY columns, and keyset pagination over them.

Each sort condition becomes two columns: an "is empty" flag (items without a value always come
last, whichever the direction) and the value's key. The item's manual order (sort_order) and id
break ties, so the order is total and a cursor (the last row's keys, base64 JSON) resumes exactly.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_
from sqlalchemy.orm import aliased

from openinfinity.core.bounds import fits_int32
from openinfinity.core.errors import ValidationFailed
from openinfinity.core.models import UTCDateTime
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry


def sortable(attribute: Attribute) -> bool:
    kind = registry.get(attribute.type)
    return kind is not None and kind.sort_by is not None


@dataclass(frozen=True, slots=True)
class SortColumn:
    expr: Any  # a column or SQL expression
    descending: bool
    kind: str  # "n" number, "s" string, "d" datetime, "i" integer


@dataclass(frozen=True, slots=True)
class SortPlan:
    stmt: Select[Any]
    columns: list[SortColumn]


def plan(stmt: Select[Any], conditions: list[tuple[Attribute, bool]]) -> SortPlan:
    """Join each sort attribute's value and list the ORDER BY columns; `conditions` are
    (attribute, descending) pairs of sortable attributes."""
    columns: list[SortColumn] = []
    for index, (attribute, descending) in enumerate(conditions):
        attribute_type = registry.get(attribute.type)
        assert attribute_type is not None and attribute_type.sort_by is not None  # checked by sortable
        if attribute_type.sort_by == "item":
            assert attribute_type.item_column is not None
            key: Any = getattr(Item, attribute_type.item_column)
            if isinstance(Item.__table__.c[attribute_type.item_column].type, UTCDateTime):
                # The item's own times, always set: no "is empty" flag needed.
                columns.append(SortColumn(key, descending, "d"))
                continue
            kind, blank = "i", literal(0)  # a user id (created_by), empty when the user is gone
        else:
            value = aliased(Value, name=f"sort_{index}")
            stmt = stmt.outerjoin(value, and_(value.item_id == Item.id, value.attribute_id == attribute.id))
            if attribute_type.sort_by == "text":
                key, kind, blank = value.text_key, "s", literal("")
            else:
                key, kind, blank = value.number_key, "n", literal(0.0)
        empty = case((key.is_(None), 1), else_=0)
        columns.append(SortColumn(empty, False, "i"))
        columns.append(SortColumn(func.coalesce(key, blank), descending, kind))
    columns.append(SortColumn(Item.sort_order, False, "n"))
    columns.append(SortColumn(Item.id, False, "s"))
    return SortPlan(stmt, columns)


def order_by(columns: list[SortColumn], *, backwards: bool) -> list[ColumnElement[Any]]:
    return [c.expr.desc() if c.descending != backwards else c.expr.asc() for c in columns]


def after(columns: list[SortColumn], values: list[Any], *, backwards: bool) -> ColumnElement[bool]:
    """Rows strictly after `values` in the (possibly reversed) order: the expanded form of a
    row comparison, since directions may differ per column."""
    clauses = []
    for i, column in enumerate(columns):
        equal = [columns[j].expr == values[j] for j in range(i)]
        later = column.expr < values[i] if column.descending != backwards else column.expr > values[i]
        clauses.append(and_(*equal, later))
    return or_(*clauses)


def encode(columns: list[SortColumn], values: tuple[Any, ...]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(orjson.dumps(plain)).decode().rstrip("=")


def decode(columns: list[SortColumn], cursor: str, field: str) -> list[Any]:
    try:
        raw = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(columns):
            raise ValueError("wrong arity")
        return [_typed(column.kind, value) for column, value in zip(columns, raw, strict=True)]
    except (ValueError, TypeError, OverflowError, binascii.Error, orjson.JSONDecodeError) as exc:
        raise ValidationFailed.field(field, "is not a valid cursor.") from exc


def _typed(kind: str, value: Any) -> Any:
    if kind == "d":
        if not isinstance(value, str):
            raise ValueError("date expected")
        return datetime.fromisoformat(value)
    if kind == "s":
        if not isinstance(value, str):
            raise ValueError("string expected")
        return value
    if kind == "i":
        if not isinstance(value, int) or isinstance(value, bool) or not fits_int32(value):
            raise ValueError("integer expected")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("number expected")
    return float(value)
