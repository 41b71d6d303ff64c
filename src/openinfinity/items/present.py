"""The one presenter of items: GET and list pages, batch answers, view pages, comments'
`expand[]=item`, and the payloads of item events (webhooks and the change feed) all build their
item objects here, from rows (items/rows.py), with one context (`Presenting`).

`expand[]` parts are loaded page-wide: one query for all values of a page, one for the users, one
for the folders, one for the files of attachments values, one for the visible reference targets
(never one per item).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, cast

from fastapi import Request
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.appstate import app_state
from openinfinity.boards.access import BoardContext, visible_boards
from openinfinity.boards.models import Board
from openinfinity.core.inlist import in_values
from openinfinity.core.softdelete import live
from openinfinity.core.urls import base_url
from openinfinity.files import lookup as attachment_lookup
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.items import rows as item_rows
from openinfinity.items import values as item_values
from openinfinity.items.rows import AttributeRow
from openinfinity.items.schemas import ItemLike, ValueLike, present_item, present_value
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.schemas import present_attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import AttributeType
from openinfinity.schema.folders.models import Folder
from openinfinity.schema.folders.schemas import present_folder
from openinfinity.users.schemas import present_user
from openinfinity.workspaces.service import WorkspaceContext

EXPAND_OPTIONS = ("values", "values.attribute", "created_by", "folder")
VALUE_PARTS = frozenset({"values", "values.attribute"})


@dataclass(frozen=True, slots=True)
class Presenting:
    """What an item's presentation depends on beyond its rows, the same for every path.

    `viewer`: whose eyes (reference targets on boards hidden from them are left out); None for
    event payloads, which have no reader. `attachments`: signs fresh links for attachments values;
    None gives their ids only. Event payloads (items/events.py: present_item, present_values and
    present_stored_value with neither) are stored and delivered later, by webhooks and the change
    feed: a link signed when the payload was written could expire before a retried delivery."""

    board_id: str
    workspace_id: int
    base_url: str = ""
    viewer: WorkspaceContext | None = None
    attachments: AttachmentsRuntime | None = None

    @classmethod
    def for_request(cls, request: Request, board: BoardContext) -> Presenting:
        """The context of an API answer: the caller's eyes, the server's links."""
        state = app_state(request)
        return cls(
            board_id=board.id,
            workspace_id=board.workspace.id,
            base_url=base_url(request),
            viewer=board.workspace,
            attachments=state.attachments_runtime(),
        )


@dataclass(frozen=True, slots=True)
class Column:
    """One attribute prepared once per response: its type and, if expanded, its API object."""

    id: str
    attribute: Attribute
    kind: AttributeType
    presented: dict[str, Any] | None


def columns(
    attributes: Mapping[str, Attribute] | Mapping[str, AttributeRow], *, with_attribute: bool
) -> list[Column]:
    """The board's attributes in creation order, those of a known type only."""
    out: list[Column] = []
    every: list[Attribute | AttributeRow] = list(attributes.values())
    for attribute in sorted(every, key=lambda a: (a.created_at, a.id)):
        kind = registry.get(attribute.type)
        if kind is not None:
            # The type hooks and present_attribute read columns only: a row stands in for the entity.
            entity = cast(Attribute, attribute)
            out.append(Column(entity.id, entity, kind, present_attribute(entity) if with_attribute else None))
    return out


def present_values(
    item: ItemLike,
    stored: Sequence[item_values.StoredValue | ValueLikeWithData],
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


class ValueLikeWithData(ValueLike, Protocol):
    @property
    def data(self) -> Any: ...


def present_stored_value(
    value: ValueLikeWithData, attribute: Attribute | None, item: ItemLike
) -> dict[str, Any]:
    """One value (for events and single-value answers), through the same type hook as a page."""
    kind = registry.get(attribute.type) if attribute is not None else None
    if kind is None or attribute is None:
        return present_value(value, value.data)
    return present_value(value, kind.present(value.data, attribute, {"item": item}))


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
    ids = attachment_lookup.collect_ids(datas)
    return await attachment_lookup.presented_values(session, runtime, workspace_id, ids)


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
    items = item_rows.ITEMS.c
    boards = visible_boards(viewer).with_only_columns(Board.id).scalar_subquery()
    dialect = session.get_bind().dialect.name
    found = await session.scalars(
        select(items.id).where(in_values(dialect, items.id, targets), live(items), items.board_id.in_(boards))
    )
    return frozenset(found.all())


async def present_items(
    session: AsyncSession,
    items: Sequence[ItemLike],
    expand: frozenset[str],
    context: Presenting,
    *,
    stored: dict[str, list[item_values.StoredValue]] | None = None,
) -> list[dict[str, Any]]:
    """Items with exactly the requested `expand[]` parts, as `context` says (`stored`: their
    values, when the caller read them with the items)."""
    if not items:
        return []
    if session.new or session.deleted or session.dirty:
        # Reads below are Core statements, which do not autoflush: a write's answer must show it.
        await session.flush()
    extras: dict[str, dict[str, Any]] = {item.id: {} for item in items}
    if expand & VALUE_PARTS:
        attributes = await item_rows.board_attributes(session, context.board_id)
        if stored is None:
            stored = await item_values.values_of(session, [i.id for i in items])
        board_columns = columns(attributes, with_attribute="values.attribute" in expand)
        shared: dict[str, Any] = {}
        if context.viewer is not None:
            shared["visible_items"] = await _visible_targets(session, context.viewer, board_columns, stored)
        if context.attachments is not None:
            shared["attachments"] = await _attachments_of(
                session, context.attachments, context.workspace_id, board_columns, stored
            )
        for item in items:
            extras[item.id]["values"] = present_values(item, stored[item.id], board_columns, shared)
    if "created_by" in expand:
        users = await item_rows.users_by_id(
            session, (i.created_by for i in items if i.created_by is not None)
        )
        # present_user and present_folder read columns only: rows stand in for the entities.
        presented = {uid: present_user(cast(User, user), context.base_url) for uid, user in users.items()}
        for item in items:
            extras[item.id]["created_by"] = presented.get(item.created_by) if item.created_by else None
    if "folder" in expand:
        folders = await item_rows.folders_by_id(session, (i.folder_id for i in items))
        shown = {fid: present_folder(cast(Folder, folder)) for fid, folder in folders.items()}
        for item in items:
            extras[item.id]["folder"] = shown.get(item.folder_id)
    return [present_item(item, extras[item.id]) for item in items]
