"""Items of a board: list, get, create, update, delete, delete a value, and the multi-action save.

Every write runs in the request's transaction, records its outbox events there, and keeps the
item's search document in step. Ids from another board are never used: a folder, parent item,
attribute or value id that is not this board's is a 422 (or a 404 in the path).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import multiaction
from openinfinity.core.errors import Conflict, NotFound, ValidationFailed
from openinfinity.core.ids import is_uuid, uuid_str
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live
from openinfinity.items import deletion, events, history
from openinfinity.items import values as item_values
from openinfinity.items.catalog import board_attributes
from openinfinity.items.filtering.list_filter import items_filter
from openinfinity.items.models import Item, Value
from openinfinity.items.rows import FOLDERS, ITEMS, ItemRow, item_of, live_item, select_items
from openinfinity.items.schemas import ItemWrite
from openinfinity.items.search_pages import search_page
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.folders.models import Folder

SORT_STEP = 65536.0
# Deep enough for any real hierarchy; stops a corrupted chain from looping forever.
_MAX_DEPTH = 1000


@dataclass(frozen=True, slots=True)
class ListFilters:
    folder_id: str | None = None
    parent_id: str | None = None
    q: str | None = None
    # JSON conditions in the views' filter grammar (items/filtering/grammar.py).
    filter: str | None = None


@dataclass(slots=True)
class SaveResult:
    """What an upsert or a CSV row did: the item, and whether it was created."""

    item: Item
    created: bool = False


def _live_items(board: BoardContext) -> Select[Any]:
    """The board's live items as rows (items/rows.py): reads select no ORM entity."""
    return select_items().where(ITEMS.c.board_id == board.id, live(ITEMS.c))


# Built once (the hottest look-up): no per-call statement construction.
_ONE_ITEM = select(Item).where(
    Item.id == bindparam("item_id"), Item.board_id == bindparam("board_id"), live(Item)
)
# Serialises writers of one item on PostgreSQL (SQLite writers are serialised already).
_ONE_ITEM_LOCKED = _ONE_ITEM.with_for_update()


async def read_item(session: AsyncSession, board: BoardContext, item_id: str) -> ItemRow:
    """The board's live item, as a row for presenting (writers use get_item)."""
    item = await live_item(session, board.id, item_id)
    if item is None:
        raise NotFound.of("Item")
    return item


async def read_item_with_values(
    session: AsyncSession, board: BoardContext, item_id: str
) -> tuple[ItemRow, list[item_values.StoredValue]]:
    """The board's live item and its values, in one query, for presenting them."""
    found = await item_values.item_with_values(session, board.id, item_id)
    if found is None:
        raise NotFound.of("Item")
    return found


async def get_item(session: AsyncSession, board: BoardContext, item_id: str, *, lock: bool = False) -> Item:
    stmt = _ONE_ITEM_LOCKED if lock else _ONE_ITEM
    item = await session.scalar(stmt, {"item_id": item_id, "board_id": board.id})
    if item is None:
        raise NotFound.of("Item")
    return item


_LIVE_FOLDER = select(FOLDERS.c.id).where(
    FOLDERS.c.id == bindparam("folder_id"),
    FOLDERS.c.board_id == bindparam("board_id"),
    live(FOLDERS.c),
)


async def _folder_exists(session: AsyncSession, board: BoardContext, folder_id: str) -> bool:
    found = await session.scalar(_LIVE_FOLDER, {"folder_id": folder_id, "board_id": board.id})
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
        .where(Folder.board_id == board.id, live(Folder), Folder.parent_folder_id.is_(None))
        .order_by(Folder.sort_order, Folder.created_at, Folder.id)
        .limit(1)
    )
    if first is None:
        raise ValidationFailed({"folder_id": ["The board has no folder to import into: create one first."]})
    return first


async def list_items(
    session: AsyncSession, board: BoardContext, params: PageParams, filters: ListFilters
) -> Page[ItemRow]:
    stmt = _live_items(board)
    if filters.folder_id is not None:
        if not await _folder_exists(session, board, filters.folder_id):
            raise ValidationFailed({"folder_id": ["The selected folder id is invalid."]})
        stmt = stmt.where(ITEMS.c.folder_id == filters.folder_id)
    if filters.parent_id is not None:
        parent = filters.parent_id
        stmt = stmt.where(
            ITEMS.c.parent_id.is_(None) if parent.lower() == "null" else ITEMS.c.parent_id == parent
        )
    if filters.filter is not None and filters.filter.strip():
        stmt = stmt.where(await items_filter(session, board, filters.filter))
    if filters.q is not None and filters.q.strip():
        return await search_page(session, stmt, board.id, params, filters.q)
    return await paginate(
        session,
        stmt,
        params,
        id_column=ITEMS.c.id,
        created_column=ITEMS.c.created_at,
        sort_column=ITEMS.c.sort_order,
        make=item_of,
    )


_LAST_POSITION = select(func.max(Item.sort_order)).where(Item.folder_id == bindparam("folder_id"))


async def _next_sort_order(session: AsyncSession, folder_id: str) -> float:
    current = await session.scalar(_LAST_POSITION, {"folder_id": folder_id})
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
                select(Item.parent_id).where(Item.id == current, Item.board_id == board.id, live(Item))
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
    item: Item,
) -> list[item_values.PreparedValue]:
    """Check every field of an update's body; raise one 422 listing every problem."""
    errors: dict[str, list[str]] = {}
    fields = body.model_fields_set
    if "folder_id" in fields and body.folder_id is None:
        errors["folder_id"] = ["The folder id field must be a string."]
    elif body.folder_id is not None and not await _folder_exists(session, board, body.folder_id):
        errors["folder_id"] = ["The selected folder id is invalid."]
    if body.parent_id is not None:
        problem = await _check_parent(session, board, body.parent_id, item_id=item.id)
        if problem:
            errors["parent_id"] = [problem]
    prepared, value_errors = await item_values.prepare(
        session, board, attributes, body.values or [], item_id=item.id
    )
    errors.update(value_errors)
    if errors:
        raise _failed(errors)
    return prepared


def _failed(errors: dict[str, list[str]]) -> ValidationFailed:
    return ValidationFailed(errors, missing=all("required" in m[0] for m in errors.values()))


@dataclass(frozen=True, slots=True)
class NewItem:
    """One item to create: the request body, and the id the client chose (None: a new one)."""

    body: ItemWrite
    item_id: str | None = None


@dataclass(slots=True)
class _Checked:
    """A create whose body passed validation, ready to write."""

    item: Item
    sort_order: float | None
    prepared: list[item_values.PreparedValue]


class _CreateChecks:
    """What the creates of one call share: the folder checks, the new items' ids (a later entry
    may name an earlier one as its parent) and the client-chosen value ids taken so far."""

    def __init__(self, session: AsyncSession, board: BoardContext, attributes: dict[str, Attribute]):
        self.session = session
        self.board = board
        self.values = item_values.Preparer(session, board, attributes)
        self.folders: dict[str, bool] = {}
        self.new_ids: set[str] = set()

    async def folder_exists(self, folder_id: str) -> bool:
        if folder_id not in self.folders:
            self.folders[folder_id] = await _folder_exists(self.session, self.board, folder_id)
        return self.folders[folder_id]

    async def check(self, entry: NewItem) -> _Checked:
        """Validate one create (raise one 422 listing every problem of it)."""
        body = entry.body
        errors: dict[str, list[str]] = {}
        if not body.folder_id:
            errors["folder_id"] = ["The folder id field is required."]
        elif not await self.folder_exists(body.folder_id):
            errors["folder_id"] = ["The selected folder id is invalid."]
        if body.parent_id is not None:
            problem = await self._parent_problem(body.parent_id, body.id)
            if problem:
                errors["parent_id"] = [problem]
        item_id = entry.item_id or uuid_str()
        prepared, value_errors = await self.values.prepare(body.values or [], item_id=body.id)
        errors.update(value_errors)
        if errors:
            raise _failed(errors)
        assert body.folder_id is not None
        self.new_ids.add(item_id)
        self.values.claim(prepared, item_id)
        item = Item(
            id=item_id,
            board_id=self.board.id,
            folder_id=body.folder_id,
            parent_id=body.parent_id,
            created_by=self.board.user_id,
        )
        return _Checked(item, body.sort_order, prepared)

    async def _parent_problem(self, parent_id: str, item_id: str | None) -> str | None:
        if parent_id in self.new_ids and parent_id != item_id:
            return None  # created by an earlier entry of this call
        return await _check_parent(self.session, self.board, parent_id, item_id=item_id)


async def create_items(
    session: AsyncSession, board: BoardContext, entries: list[NewItem]
) -> list[Item | ValidationFailed]:
    """Create `entries` in order; per entry its new item or the 422 that refused it (a refused
    entry writes nothing). The one create routine (a single create is one entry): the board's
    attributes, folder checks and next positions are read once, every entry is validated before
    anything is written, then items, values and search documents are written one statement per
    table. Events and history are recorded per item, in entry order, as for single creates."""
    attributes = await board_attributes(session, board.id)
    checks = _CreateChecks(session, board, attributes)
    results: list[Item | ValidationFailed] = []
    checked: list[_Checked] = []
    for entry in entries:
        try:
            one = await checks.check(entry)
        except ValidationFailed as exc:
            results.append(exc)
            continue
        checked.append(one)
        results.append(one.item)
    if checked:
        await _place(session, checked)
        await _write_new(session, board, attributes, checked)
    return results


async def create_item(
    session: AsyncSession, board: BoardContext, body: ItemWrite, *, item_id: str | None = None
) -> Item:
    (result,) = await create_items(session, board, [NewItem(body, item_id)])
    if isinstance(result, ValidationFailed):
        raise result
    return result


async def _place(session: AsyncSession, checked: list[_Checked]) -> None:
    """Positions: an entry without one goes after the last item of its folder (earlier entries
    of this call included), as if the entries were created one after the other."""
    last: dict[str, float | None] = {}
    for one in checked:
        folder = one.item.folder_id
        if folder not in last:
            stored = None
            if any(c.sort_order is None and c.item.folder_id == folder for c in checked):
                stored = await session.scalar(_LAST_POSITION, {"folder_id": folder})
            last[folder] = stored
        sort_order = one.sort_order
        if sort_order is None:
            sort_order = (last[folder] or 0.0) + SORT_STEP
        current = last[folder]
        last[folder] = sort_order if current is None else max(current, sort_order)
        one.item.sort_order = sort_order


async def _write_new(
    session: AsyncSession, board: BoardContext, attributes: dict[str, Attribute], checked: list[_Checked]
) -> None:
    session.add_all([one.item for one in checked])
    try:
        await session.flush()
    except IntegrityError:
        # Two requests created the same client-chosen id at once; the request rolls back.
        raise Conflict("An item with this id was created meanwhile.") from None
    principal = board.workspace.principal
    written = await item_values.write_new(session, [(one.item, one.prepared) for one in checked])
    await item_values.write_new_search(session, [one.item for one in checked], attributes, written)
    for one, item_written in zip(checked, written, strict=True):
        item = one.item
        history.item_created(session, item, principal=principal)
        history.values_created(session, item, [value for _, value in item_written], principal=principal)
        await events.item_created(session, board, item)
        await events.values_written(session, board, item, item_written, attributes)
        # A new item's values are exactly those just written: no need to read them back.
        await events.item_finalized(session, board, item, attributes, [value for _, value in item_written])


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
    """Soft-delete the item and its sub-items (all levels, in any folder): items/deletion.py."""
    item = await get_item(session, board, item_id, lock=True)
    await deletion.delete_items(session, board, item_ids=[item.id])
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


async def check_new_item_id(session: AsyncSession, item_id: str) -> None:
    """A client-chosen id for a new item: a UUID no item has (on any board, deleted or not)."""
    if not is_uuid(item_id):
        raise ValidationFailed({"id": ["The id field must be a valid UUID."]})
    if await session.scalar(select(Item.id).where(Item.id == item_id)) is not None:
        raise ValidationFailed({"id": ["The id has already been taken."]})


async def save_item(session: AsyncSession, board: BoardContext, body: ItemWrite) -> multiaction.Outcome[Item]:
    """The multi-action POST (core/multiaction.py has the rule)."""

    async def find(item_id: str) -> Item | None:
        return await session.scalar(_ONE_ITEM, {"item_id": item_id, "board_id": board.id})

    async def create(item_id: str | None) -> Item:
        if item_id is not None:
            await check_new_item_id(session, item_id)
        return await create_item(session, board, body, item_id=item_id)

    async def update(item: Item) -> Item:
        return await update_item(session, board, item.id, body)

    async def delete(item: Item) -> Item:
        return await delete_item(session, board, item.id)

    return await multiaction.run(
        record_id=body.id,
        deleted_at=body.deleted_at,
        what="Item",
        find=find,
        create=create,
        update=update,
        delete=delete,
    )
