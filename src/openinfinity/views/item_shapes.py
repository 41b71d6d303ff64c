"""Item, value and attribute shapes for the endpoints of this package and comments' `expand[]`.

INTEGRATION NOTE: the core data model (issue 3) owns the canonical presenters; once it is merged,
`present_items` delegates to them (one place decides what an item looks like).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attributes.models import Attribute
from openinfinity.core.timefmt import iso
from openinfinity.items.models import Item, Value


def decimal_string(value: float) -> str:
    """`65536.0` -> `"65536.000000000000000000000000000000"`, the hosted API's sort_order form."""
    return f"{Decimal(repr(float(value))):.30f}"


def present_attribute(attribute: Attribute) -> dict[str, Any]:
    return {
        "id": attribute.id,
        "object": "attribute",
        "name": attribute.name,
        "type": attribute.type,
        "default_data": attribute.default_data,
        "settings": attribute.settings or {},
        "created_by": attribute.created_by,
        "created_at": iso(attribute.created_at),
        "deleted": attribute.deleted_at is not None,
    }


def present_value(value: Value, attribute: Attribute | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": value.id,
        "object": "value",
        "data": value.data,
        "attribute_id": value.attribute_id,
        "item_id": value.item_id,
    }
    if attribute is not None:
        out["attribute"] = present_attribute(attribute)
    out["deleted"] = False
    return out


def present_item_base(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "object": "item",
        "folder_id": item.folder_id,
        "parent_id": item.parent_id,
        "created_at": iso(item.created_at),
        "sort_order": decimal_string(item.sort_order),
        "deleted": item.deleted_at is not None,
    }


async def present_items(
    session: AsyncSession, items: list[Item], *, values: bool, attributes: bool
) -> list[dict[str, Any]]:
    """Items as the API returns them; `values` adds each item's values (one query for the page),
    `attributes` nests each value's attribute."""
    shapes = [present_item_base(item) for item in items]
    if not values or not items:
        return shapes
    ids = [item.id for item in items]
    rows = (
        await session.execute(
            select(Value, Attribute)
            .join(Attribute, Attribute.id == Value.attribute_id)
            .where(Value.item_id.in_(ids), Attribute.deleted_at.is_(None))
            .order_by(Value.item_id, Value.created_at, Value.id)
        )
    ).all()
    by_item: dict[str, list[dict[str, Any]]] = {item_id: [] for item_id in ids}
    for value, attribute in rows:
        by_item[value.item_id].append(present_value(value, attribute if attributes else None))
    for shape in shapes:
        deleted = shape.pop("deleted")
        shape["values"] = by_item[shape["id"]]
        shape["deleted"] = deleted
    return shapes
