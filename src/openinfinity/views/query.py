"""The items of a view: its folder (and sub-folders), filtered and sorted by its settings in SQL,
one keyset page at a time (the grammar, compiler and sorting are items/filtering's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core.pagination import count_rows
from openinfinity.core.softdelete import live
from openinfinity.core.timefmt import iso
from openinfinity.items.filtering import sorting
from openinfinity.items.filtering.compiler import compile_filter
from openinfinity.items.models import Item, Value
from openinfinity.items.present import Presenting, present_items
from openinfinity.items.rows import ITEM_WIDTH, item_of, select_items
from openinfinity.items.search import tier_condition, tokens
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.folders.models import Folder
from openinfinity.views.models import FolderView
from openinfinity.views.service import board_attributes
from openinfinity.views.settings import Query, read_query


@dataclass(frozen=True, slots=True)
class Window:
    limit: int = 20
    after: str | None = None
    before: str | None = None
    # return=total: count the view's items instead of reading a page.
    total: bool = False


def dialect_of(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def folder_ids(session: AsyncSession, board_id: str, root_id: str, *, subfolders: bool) -> list[str]:
    """The folder and, when asked, every live folder below it (a board has few folders)."""
    if not subfolders:
        return [root_id]
    rows = (
        await session.execute(
            select(Folder.id, Folder.parent_folder_id).where(Folder.board_id == board_id, live(Folder))
        )
    ).all()
    children: dict[str | None, list[str]] = {}
    for folder_id, parent_id in rows:
        children.setdefault(parent_id, []).append(folder_id)
    found, stack = [root_id], [root_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.append(child)
                stack.append(child)
    return found


async def view_items(
    session: AsyncSession,
    board: BoardContext,
    view: FolderView,
    window: Window,
    *,
    expand: frozenset[str],
    presenting: Presenting,
    q: str | None = None,
) -> dict[str, Any]:
    """A page of the view's items; with `q`, only those matching every word of it (the items
    list's search), still in the view's order."""
    attributes = await board_attributes(session, board)
    query = read_query(view.settings, attributes)
    stmt = select_items()
    if q is not None and tokens(q):
        matching = await tier_condition(session, q)
        if matching is None:
            return (
                {"total": 0} if window.total else {"has_more": False, "before": "", "after": "", "data": []}
            )
        stmt = stmt.where(matching)
    stmt = await view_scope(session, board, view, stmt, query=query)
    if window.total:
        return {"total": await count_rows(session, stmt)}
    plan = sorting.plan(stmt, query.sort)
    keys = [c.expr for c in plan.columns]
    stmt = plan.stmt.add_columns(*keys)
    backwards = window.before is not None and window.after is None
    cursor = window.after or window.before
    if cursor:
        values = sorting.decode(plan.columns, cursor, "after" if window.after else "before")
        stmt = stmt.where(sorting.after(plan.columns, values, backwards=backwards))
    stmt = stmt.order_by(*sorting.order_by(plan.columns, backwards=backwards)).limit(window.limit + 1)
    rows = list((await session.execute(stmt)).all())
    has_more = len(rows) > window.limit
    rows = rows[: window.limit]
    if backwards:
        rows.reverse()
    data = await present_items(session, [item_of(row) for row in rows], expand, presenting)
    if query.group_by is not None:
        await _add_group_keys(session, data, query.group_by)
    if not rows:
        return {"has_more": False, "before": "", "after": "", "data": []}
    first: tuple[Any, ...] = tuple(rows[0][ITEM_WIDTH:])
    last: tuple[Any, ...] = tuple(rows[-1][ITEM_WIDTH:])
    return {
        "has_more": has_more,
        "before": sorting.encode(plan.columns, first),
        "after": sorting.encode(plan.columns, last),
        "data": data,
    }


async def view_scope(
    session: AsyncSession,
    board: BoardContext,
    view: FolderView,
    stmt: Select[Any],
    *,
    query: Query,
) -> Select[Any]:
    """`stmt` (a select over items) narrowed to the view's live items: its folder, sub-folders
    when it includes them, its filter."""
    folders = await folder_ids(session, board.id, view.folder_id, subfolders=query.include_subfolders)
    return stmt.where(
        Item.board_id == board.id,
        live(Item),
        Item.folder_id.in_(folders),
        compile_filter(query.filter, dialect=dialect_of(session)),
    )


async def view_selection(
    session: AsyncSession, board: BoardContext, view: FolderView, stmt: Select[Any]
) -> sorting.SortPlan:
    """`stmt` narrowed to the view's items (view_scope) with the view's sort as keyset columns.
    The view's page and the CSV export share both, so they always agree on what a view shows."""
    query = read_query(view.settings, await board_attributes(session, board))
    return sorting.plan(await view_scope(session, board, view, stmt, query=query), query.sort)


def group_key(data: Any) -> Any:
    """The group an item falls in: lists (labels, members) as compact JSON, the form the view's
    `groupOrder:<attribute>` setting lists; strings as they are; nothing as null."""
    if data is None or data == [] or data == "":
        return None
    if isinstance(data, str):
        return data
    return orjson.dumps(data).decode()


async def _add_group_keys(session: AsyncSession, data: list[dict[str, Any]], attribute: Attribute) -> None:
    ids = [shape["id"] for shape in data]
    if not ids:
        return
    attribute_type = registry.get(attribute.type)
    item_column = None if attribute_type is None else attribute_type.item_column
    found: dict[str, Any] = {}
    if item_column is not None:
        # Computed types group by the item column they derive from.
        rows = await session.execute(select(Item.id, getattr(Item, item_column)).where(Item.id.in_(ids)))
        found = {item_id: value for item_id, value in rows.all()}
    else:
        rows = await session.execute(
            select(Value.item_id, Value.data).where(
                Value.item_id.in_(ids), Value.attribute_id == attribute.id
            )
        )
        found = {item_id: value for item_id, value in rows.all()}
    for shape in data:
        deleted = shape.pop("deleted")
        raw = found.get(shape["id"])
        shape["group_key"] = iso(raw) if isinstance(raw, datetime) else group_key(raw)
        shape["deleted"] = deleted
