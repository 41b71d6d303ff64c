"""Items as the API returns them, with `expand[]` parts loaded page-wide: one query for all values
of a page, one for the users, one for the folders (never one per item)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attachments import service as attachments_service
from openinfinity.attachments.runtime import AttachmentsRuntime
from openinfinity.attributes.models import Attribute
from openinfinity.attributes.schemas import present_attribute
from openinfinity.attributes.service import board_attributes
from openinfinity.attributes.types import registry
from openinfinity.attributes.types.base import AttributeType
from openinfinity.boards.access import visible_boards
from openinfinity.boards.models import Board
from openinfinity.core.inlist import in_values
from openinfinity.core.softdelete import live
from openinfinity.folders.models import Folder
from openinfinity.folders.schemas import present_folder
from openinfinity.items import values as item_values
from openinfinity.items.models import Item, Value
from openinfinity.items.schemas import present_item, present_value
from openinfinity.users.models import User
from openinfinity.users.schemas import present_user
from openinfinity.workspaces.service import WorkspaceContext

EXPAND_OPTIONS = ("values", "values.attribute", "created_by", "folder")


@dataclass(frozen=True, slots=True)
class Column:
    """One attribute prepared once per response: its type and, if expanded, its API object."""

    id: str
    attribute: Attribute
    kind: AttributeType
    presented: dict[str, Any] | None


def columns(attributes: dict[str, Attribute], *, with_attribute: bool) -> list[Column]:
    """The board's attributes in creation order, those of a known type only."""
    out: list[Column] = []
    for attribute in sorted(attributes.values(), key=lambda a: (a.created_at, a.id)):
        kind = registry.get(attribute.type)
        if kind is not None:
            out.append(
                Column(
                    attribute.id, attribute, kind, present_attribute(attribute) if with_attribute else None
                )
            )
    return out


def present_values(
    item: Item,
    stored: list[item_values.StoredValue],
    board_columns: list[Column],
    shared: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The item's values in the board's attribute order, computed ones included. `shared` is
    page-wide presentation context (e.g. "attachments": the page's files with fresh links)."""
    ctx: dict[str, Any] = {**(shared or {}), "item": item}
    by_attribute = {v.attribute_id: v for v in stored}
    out: list[dict[str, Any]] = []
    for column in board_columns:
        value = by_attribute.get(column.id)
        if value is None:
            if not column.kind.computed:
                continue
            value = item_values.StoredValue(
                item_values.computed_value_id(item.id, column.id), item.id, column.id, None
            )
        data = column.kind.present(value.data, column.attribute, ctx)
        out.append(present_value(value, data, attribute=column.presented))
    return out


def present_stored_value(value: Value, attribute: Attribute | None, item: Item) -> dict[str, Any]:
    """One value (for events and single-value answers)."""
    kind = registry.get(attribute.type) if attribute else None
    data = kind.present(value.data, attribute, {"item": item}) if kind and attribute else value.data
    return present_value(value, data)


async def _attachments_of(
    session: AsyncSession,
    runtime: AttachmentsRuntime,
    workspace_id: int,
    board_columns: list[Column],
    stored: dict[str, list[item_values.StoredValue]],
) -> dict[int, dict[str, Any]]:
    """Every file the page's attachments values name, loaded once, with fresh links."""
    kinds = {c.id for c in board_columns if c.kind.kind == "attachments"}
    datas = [v.data for values in stored.values() for v in values if v.attribute_id in kinds]
    ids = attachments_service.collect_ids(datas)
    return await attachments_service.presented_values(session, runtime, workspace_id, ids)


async def _visible_targets(
    session: AsyncSession,
    viewer: WorkspaceContext,
    board_columns: list[Column],
    stored: dict[str, list[item_values.StoredValue]],
) -> frozenset[str]:
    """The live items, among those the page's reference values point at, on boards `viewer`
    sees: a reference into a board hidden from the reader must not tell them its item ids."""
    kinds = {c.id for c in board_columns if c.kind.kind == "reference"}
    targets = {
        target
        for values in stored.values()
        for v in values
        if v.attribute_id in kinds and isinstance(v.data, list)
        for target in v.data
        if isinstance(target, str)
    }
    if not targets:
        return frozenset()
    boards = visible_boards(viewer).with_only_columns(Board.id).scalar_subquery()
    dialect = session.get_bind().dialect.name
    found = await session.scalars(
        select(Item.id).where(in_values(dialect, Item.id, targets), live(Item), Item.board_id.in_(boards))
    )
    return frozenset(found.all())


async def present_items(
    session: AsyncSession,
    items: list[Item],
    expand: frozenset[str],
    *,
    board_id: str,
    base_url: str,
    viewer: WorkspaceContext,
    attachments: AttachmentsRuntime | None = None,
    workspace_id: int | None = None,
) -> list[dict[str, Any]]:
    """Items with exactly the requested `expand[]` parts, as `viewer` may see them. With
    `attachments` (and the board's `workspace_id`), attachments values are full objects with
    fresh signed links."""
    if not items:
        return []
    extras: dict[str, dict[str, Any]] = {item.id: {} for item in items}
    if "values" in expand or "values.attribute" in expand:
        attributes = await board_attributes(session, board_id)
        stored = await item_values.values_of(session, [i.id for i in items])
        board_columns = columns(attributes, with_attribute="values.attribute" in expand)
        shared: dict[str, Any] = {
            "visible_items": await _visible_targets(session, viewer, board_columns, stored)
        }
        if attachments is not None and workspace_id is not None:
            shared["attachments"] = await _attachments_of(
                session, attachments, workspace_id, board_columns, stored
            )
        for item in items:
            extras[item.id]["values"] = present_values(item, stored[item.id], board_columns, shared)
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
