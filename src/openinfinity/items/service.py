"""Items of a board: list, get, create, update, delete, delete a value, and the multi-action save.

Every write runs in the request's transaction, records its outbox events there, and keeps the
item's search document in step. Ids from another board are never used: a folder, parent item,
attribute or value id that is not this board's is a 422 (or a 404 in the path).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attributes.models import Attribute
from openinfinity.attributes.service import board_attributes
from openinfinity.boards.access import BoardContext
from openinfinity.core.errors import Conflict, NotFound, ValidationFailed
from openinfinity.core.ids import is_uuid
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.folders.models import Folder
from openinfinity.items import events, history, search
from openinfinity.items import values as item_values
from openinfinity.items.models import Item, Value
from openinfinity.items.schemas import ItemWrite
from openinfinity.items.search_pages import search_page
from openinfinity.references import service as references
from openinfinity.views.query import items_filter

SORT_STEP = 65536.0
# Deep enough for any real hierarchy; stops a corrupted chain from looping forever.
_MAX_DEPTH = 1000


@dataclass(frozen=True, slots=True)
class ListFilters:
    folder_id: str | None = None
    parent_id: str | None = None
    q: str | None = None
    # JSON conditions in the views' filter grammar (views/grammar.py).
    filter: str | None = None


@dataclass(slots=True)
class SaveResult:
    item: Item
    created: bool = False
    deleted: bool = False


def _live_items(board: BoardContext) -> Select[Item]:
    return select(Item).where(Item.board_id == board.id, Item.deleted_at.is_(None))


# Built once (the hottest look-up): no per-call statement construction.
_ONE_ITEM = select(Item).where(
    Item.id == bindparam("item_id"), Item.board_id == bindparam("board_id"), Item.deleted_at.is_(None)
)
# Serialises writers of one item on PostgreSQL (SQLite writers are serialised already).
_ONE_ITEM_LOCKED = _ONE_ITEM.with_for_update()


async def get_item(session: AsyncSession, board: BoardContext, item_id: str, *, lock: bool = False) -> Item:
    stmt = _ONE_ITEM_LOCKED if lock else _ONE_ITEM
    item = await session.scalar(stmt, {"item_id": item_id, "board_id": board.id})
    if item is None:
        raise NotFound.of("Item")
    return item


async def _folder_exists(session: AsyncSession, board: BoardContext, folder_id: str) -> bool:
    found = await session.scalar(
        select(Folder.id).where(
            Folder.id == folder_id, Folder.board_id == board.id, Folder.deleted_at.is_(None)
        )
    )
    return found is not None


async def require_folder(session: AsyncSession, board: BoardContext, folder_id: str) -> None:
    """For the folder-scoped list: an unknown folder in the path is a 404."""
    if not await _folder_exists(session, board, folder_id):
        raise NotFound.of("Folder")


async def import_folder(session: AsyncSession, board: BoardContext, folder_id: str | None) -> str:
    """Where imported items go: the folder asked for (a 422 when it is not this board's), else the
    board's first top-level folder."""
    if folder_id:
        if not await _folder_exists(session, board, folder_id):
            raise ValidationFailed({"folder_id": ["The selected folder id is invalid."]})
        return folder_id
    first = await session.scalar(
        select(Folder.id)
        .where(Folder.board_id == board.id, Folder.deleted_at.is_(None), Folder.parent_folder_id.is_(None))
        .order_by(Folder.sort_order, Folder.created_at, Folder.id)
        .limit(1)
    )
    if first is None:
        raise ValidationFailed({"folder_id": ["The board has no folder to import into: create one first."]})
    return first


async def list_items(
    session: AsyncSession, board: BoardContext, params: PageParams, filters: ListFilters
) -> Page[Item]:
    stmt = _live_items(board)
    if filters.folder_id is not None:
        if not await _folder_exists(session, board, filters.folder_id):
            raise ValidationFailed({"folder_id": ["The selected folder id is invalid."]})
        stmt = stmt.where(Item.folder_id == filters.folder_id)
    if filters.parent_id is not None:
        parent = filters.parent_id
        stmt = stmt.where(Item.parent_id.is_(None) if parent.lower() == "null" else Item.parent_id == parent)
    if filters.filter is not None and filters.filter.strip():
        stmt = stmt.where(await items_filter(session, board, filters.filter))
    if filters.q is not None and filters.q.strip():
        return await search_page(session, stmt, board.id, params, filters.q)
    return await paginate(
        session, stmt, params, id_column=Item.id, created_column=Item.created_at, sort_column=Item.sort_order
    )


async def _next_sort_order(session: AsyncSession, folder_id: str) -> float:
    current = await session.scalar(select(func.max(Item.sort_order)).where(Item.folder_id == folder_id))
    return (current or 0.0) + SORT_STEP


async def _check_parent(
    session: AsyncSession, board: BoardContext, parent_id: str, *, item_id: str | None
) -> str | None:
    """None when `parent_id` may be the parent of `item_id`, else the 422 message."""
    invalid = "The selected parent id is invalid."
    if parent_id == item_id:
        return "The parent id field must not be the item itself."
    current: str | None = parent_id
    for depth in range(_MAX_DEPTH):
        row = (
            await session.execute(
                select(Item.parent_id).where(
                    Item.id == current, Item.board_id == board.id, Item.deleted_at.is_(None)
                )
            )
        ).first()
        if row is None:
            return invalid if depth == 0 else None
        current = row.parent_id
        if current is None:
            return None
        if current == item_id:
            return "The parent id field must not be one of the item's sub-items."
    return invalid


async def _validate(
    session: AsyncSession,
    board: BoardContext,
    body: ItemWrite,
    attributes: dict[str, Attribute],
    *,
    item: Item | None,
) -> list[item_values.PreparedValue]:
    """Check every field of the body; raise one 422 listing every problem."""
    errors: dict[str, list[str]] = {}
    fields = body.model_fields_set
    if item is None and not body.folder_id:
        errors["folder_id"] = ["The folder id field is required."]
    elif "folder_id" in fields and body.folder_id is None and item is not None:
        errors["folder_id"] = ["The folder id field must be a string."]
    elif body.folder_id is not None and not await _folder_exists(session, board, body.folder_id):
        errors["folder_id"] = ["The selected folder id is invalid."]
    if body.parent_id is not None:
        problem = await _check_parent(session, board, body.parent_id, item_id=item.id if item else body.id)
        if problem:
            errors["parent_id"] = [problem]
    prepared, value_errors = await item_values.prepare(
        session, board, attributes, body.values or [], item_id=item.id if item else body.id
    )
    errors.update(value_errors)
    if errors:
        raise ValidationFailed(errors, missing=all("required" in m[0] for m in errors.values()))
    return prepared


async def create_item(
    session: AsyncSession, board: BoardContext, body: ItemWrite, *, item_id: str | None = None
) -> Item:
    attributes = await board_attributes(session, board.id)
    prepared = await _validate(session, board, body, attributes, item=None)
    assert body.folder_id is not None
    sort_order = body.sort_order
    if sort_order is None:
        sort_order = await _next_sort_order(session, body.folder_id)
    item = Item(
        board_id=board.id,
        folder_id=body.folder_id,
        parent_id=body.parent_id,
        sort_order=sort_order,
        created_by=board.user_id,
    )
    if item_id:
        item.id = item_id
    session.add(item)
    try:
        await session.flush()
    except IntegrityError:
        # Two requests created the same client-chosen id at once; the request rolls back.
        raise Conflict("An item with this id was created meanwhile.") from None
    principal = board.workspace.principal
    history.item_created(session, item, principal=principal)
    await events.item_created(session, board, item)
    written = await item_values.write(session, item, prepared, new_item=True, principal=principal)
    await events.values_written(session, board, item, written, attributes)
    # A new item's values are exactly those just written: no need to read them back.
    values = [value for _, value in written]
    await item_values.refresh_search(session, item, attributes, values)
    await events.item_finalized(session, board, item, attributes, values)
    return item


async def update_item(session: AsyncSession, board: BoardContext, item_id: str, body: ItemWrite) -> Item:
    item = await get_item(session, board, item_id, lock=True)
    attributes = await board_attributes(session, board.id)
    prepared = await _validate(session, board, body, attributes, item=item)
    fields = body.model_fields_set
    before = history.snapshot(item)
    if body.folder_id is not None and body.folder_id != item.folder_id:
        item.folder_id = body.folder_id
        # Moved without a position: it goes after the last item of its new folder.
        if body.sort_order is None:
            item.sort_order = await _next_sort_order(session, body.folder_id)
    if "parent_id" in fields:
        item.parent_id = body.parent_id
    if body.sort_order is not None:
        item.sort_order = body.sort_order
    item.updated_at = utcnow()
    await session.flush()
    principal = board.workspace.principal
    history.item_fields_changed(session, item, before, principal=principal)
    await events.item_updated(session, board, item)
    written = await item_values.write(session, item, prepared, principal=principal)
    await events.values_written(session, board, item, written, attributes)
    if written:
        await item_values.refresh_search(session, item, attributes)
    return item


async def delete_item(session: AsyncSession, board: BoardContext, item_id: str) -> Item:
    """Soft-delete the item and its sub-items (all levels); they leave lists and search."""
    item = await get_item(session, board, item_id, lock=True)
    now = utcnow()
    item.deleted_at = now
    item.updated_at = now
    removed = [item.id]
    frontier = [item.id]
    while frontier:
        children = list(
            await session.scalars(select(Item).where(Item.parent_id.in_(frontier), Item.deleted_at.is_(None)))
        )
        for child in children:
            child.deleted_at = now
            child.updated_at = now
        frontier = [c.id for c in children]
        removed += frontier
        for child in children:
            history.item_deleted(session, child, principal=board.workspace.principal)
    history.item_deleted(session, item, principal=board.workspace.principal)
    await session.flush()
    await search.drop_docs(session, removed)
    await references.remove_for_items(session, removed)
    await events.item_deleted(session, board, item)
    return item


async def delete_value(session: AsyncSession, board: BoardContext, item_id: str, value_id: str) -> str:
    item = await get_item(session, board, item_id, lock=True)
    value = await session.scalar(select(Value).where(Value.id == value_id, Value.item_id == item.id))
    if value is None:
        raise NotFound.of("Value")
    attributes = await board_attributes(session, board.id)
    history.value_changed(
        session,
        board_id=board.id,
        item_id=item.id,
        attribute_id=value.attribute_id,
        old=value.data,
        new=None,
        existed=True,
        exists=False,
        principal=board.workspace.principal,
    )
    await session.delete(value)
    item.updated_at = utcnow()
    await session.flush()
    await events.value_deleted(session, board, item, value, attributes.get(value.attribute_id))
    await item_values.refresh_search(session, item, attributes)
    return value_id


async def save_item(session: AsyncSession, board: BoardContext, body: ItemWrite) -> SaveResult:
    """The multi-action POST: a new (or no) id creates, a known id updates, `deleted_at` deletes."""
    deleting = body.deleted_at is not None and body.deleted_at is not False
    if body.id is None:
        if deleting:
            raise ValidationFailed({"id": ["The id field is required when deleted at is present."]})
        return SaveResult(await create_item(session, board, body), created=True)
    existing = await session.scalar(select(Item).where(Item.id == body.id))
    if existing is None:
        if deleting:
            raise NotFound.of("Item")
        if not is_uuid(body.id):
            raise ValidationFailed({"id": ["The id field must be a valid UUID."]})
        return SaveResult(await create_item(session, board, body, item_id=body.id), created=True)
    if existing.board_id != board.id:
        raise ValidationFailed({"id": ["The id has already been taken."]})
    if deleting:
        return SaveResult(await delete_item(session, board, body.id), deleted=True)
    return SaveResult(await update_item(session, board, body.id, body))


async def reindex_attribute(session: AsyncSession, attribute_id: str) -> None:
    """Bring item search in step after an attribute changed type or was deleted (call it in the
    same transaction, after the change is flushed)."""
    await session.flush()
    await search.rebuild_docs(session, attribute_id=attribute_id)
