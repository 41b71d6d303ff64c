"""Items as the API returns them, with `expand[]` parts loaded page-wide: one query for all values
of a page, one for the users, one for the folders (never one per item)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attributes.models import Attribute
from openinfinity.attributes.schemas import present_attribute
from openinfinity.attributes.service import board_attributes
from openinfinity.attributes.types import registry
from openinfinity.folders.models import Folder
from openinfinity.folders.schemas import present_folder
from openinfinity.items import values as item_values
from openinfinity.items.models import Item, Value
from openinfinity.items.schemas import present_item, present_value
from openinfinity.users.models import User
from openinfinity.users.schemas import present_user

EXPAND_OPTIONS = ("values", "values.attribute", "created_by", "folder")


def present_values(
    item: Item,
    stored: list[item_values.StoredValue],
    attributes: dict[str, Attribute],
    *,
    with_attribute: bool,
    presented_attributes: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """The item's values in the board's attribute order, computed ones included."""
    ctx: dict[str, Any] = {"item": item}
    ordered = sorted(attributes.values(), key=lambda a: (a.created_at, a.id))
    by_attribute = {v.attribute_id: v for v in stored}
    cache = presented_attributes if presented_attributes is not None else {}
    out: list[dict[str, Any]] = []
    for attribute in ordered:
        kind = registry.get(attribute.type)
        if kind is None:
            continue
        value = by_attribute.get(attribute.id)
        if value is None:
            if not kind.computed:
                continue
            value = item_values.StoredValue(
                item_values.computed_value_id(item.id, attribute.id), item.id, attribute.id, None
            )
        presented_attribute = None
        if with_attribute:
            if attribute.id not in cache:
                cache[attribute.id] = present_attribute(attribute)
            presented_attribute = cache[attribute.id]
        data = kind.present(value.data, attribute, ctx)
        out.append(present_value(value, data, attribute=presented_attribute))
    return out


def present_stored_value(value: Value, attribute: Attribute | None, item: Item) -> dict[str, Any]:
    """One value (for events and single-value answers)."""
    kind = registry.get(attribute.type) if attribute else None
    data = kind.present(value.data, attribute, {"item": item}) if kind and attribute else value.data
    return present_value(value, data)


async def present_items(
    session: AsyncSession,
    items: list[Item],
    expand: frozenset[str],
    *,
    board_id: str,
    base_url: str,
) -> list[dict[str, Any]]:
    """Items with exactly the requested `expand[]` parts."""
    if not items:
        return []
    extras: dict[str, dict[str, Any]] = {item.id: {} for item in items}
    if "values" in expand or "values.attribute" in expand:
        attributes = await board_attributes(session, board_id)
        stored = await item_values.values_of(session, [i.id for i in items])
        with_attribute = "values.attribute" in expand
        cache: dict[str, dict[str, Any]] = {}
        for item in items:
            extras[item.id]["values"] = present_values(
                item, stored[item.id], attributes, with_attribute=with_attribute, presented_attributes=cache
            )
    if "created_by" in expand:
        user_ids = {i.created_by for i in items if i.created_by is not None}
        users = {
            u.id: present_user(u, base_url)
            for u in (await session.scalars(select(User).where(User.id.in_(user_ids)))).all()
        }
        for item in items:
            extras[item.id]["created_by"] = users.get(item.created_by) if item.created_by else None
    if "folder" in expand:
        folder_ids = {i.folder_id for i in items}
        folders = {
            f.id: present_folder(f)
            for f in (await session.scalars(select(Folder).where(Folder.id.in_(folder_ids)))).all()
        }
        for item in items:
            extras[item.id]["folder"] = folders.get(item.folder_id)
    return [present_item(item, extras[item.id]) for item in items]
