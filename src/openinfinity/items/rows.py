"""Board content as rows for reading: items, a board's attributes, users and folders selected
through SQLAlchemy Core (`Model.__table__` columns), never as ORM entities.

Why: a profile of GET item spent 46% of its CPU in the ORM (query contexts, instance
processors, identity maps) for objects that are only serialised. A Core select of table columns
skips all of it: `session.execute` hands a statement with no ORM entity straight to the
connection (and, unlike an ORM select, does not autoflush: the presenter flushes pending writes
first, see present.py). The hot statements are built once, with bind parameters.

Rows are turned into small NamedTuples carrying the entities' column names, so code written
against the entities (presenters, the computed types' `derive`) reads them unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.core.db import core_execute
from openinfinity.core.inlist import in_param
from openinfinity.core.softdelete import live
from openinfinity.items.models import Item
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.folders.models import Folder

ITEMS = Item.__table__
ATTRIBUTES = Attribute.__table__
FOLDERS = Folder.__table__
USERS = User.__table__


class ItemRow(NamedTuple):
    """An item as read for presentation (the columns of `Item`)."""

    id: str
    board_id: str
    folder_id: str
    parent_id: str | None
    sort_order: float
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


ITEM_COLUMNS = tuple(ITEMS.c[name] for name in ItemRow._fields)
# Where the item's columns end in a row that carries more (sort keys, search keys).
ITEM_WIDTH = len(ITEM_COLUMNS)


def select_items() -> Select[Any]:
    """A Core select of the item columns (narrow it with `ITEMS.c` conditions)."""
    return select(*ITEM_COLUMNS)


def item_of(row: Row[Any] | Sequence[Any]) -> ItemRow:
    """The item at the start of `row` (which may carry more columns after it)."""
    return ItemRow._make(row[:ITEM_WIDTH])


_ONE_ITEM = select_items().where(
    ITEMS.c.id == bindparam("item_id"),
    ITEMS.c.board_id == bindparam("board_id"),
    live(ITEMS.c),
)


async def live_item(session: AsyncSession, board_id: str, item_id: str) -> ItemRow | None:
    """The board's live item `item_id`, or None."""
    row = (await core_execute(session, _ONE_ITEM, {"item_id": item_id, "board_id": board_id})).first()
    return None if row is None else ItemRow._make(row)


class AttributeRow(NamedTuple):
    """An attribute as read for presentation (the columns of `Attribute`)."""

    id: str
    board_id: str
    name: str
    type: str
    default_data: Any
    settings: dict[str, Any]
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None


_BOARD_ATTRIBUTES = select(*(ATTRIBUTES.c[name] for name in AttributeRow._fields)).where(
    ATTRIBUTES.c.board_id == bindparam("board_id"), live(ATTRIBUTES.c)
)
_CACHE_KEY = "openinfinity.items.rows.attributes"


async def board_attributes(session: AsyncSession, board_id: str) -> dict[str, AttributeRow]:
    """The board's live attributes by id, read once per session (one request: its filter, its
    view settings and its presenter share them). Attribute writes and the item writes that
    validate against attributes use the ORM look-up (attributes/service.py), never this one, so
    no request reads rows older than its own attribute writes."""
    cache: dict[str, dict[str, AttributeRow]] = session.info.setdefault(_CACHE_KEY, {})
    found = cache.get(board_id)
    if found is None:
        rows = await core_execute(session, _BOARD_ATTRIBUTES, {"board_id": board_id})
        found = cache[board_id] = {row.id: AttributeRow._make(row) for row in rows}
    return found


class UserRow(NamedTuple):
    id: int
    name: str
    email: str
    job: str | None
    location: str | None
    tagline: str | None
    created_at: datetime
    deleted_at: datetime | None


class FolderRow(NamedTuple):
    id: str
    board_id: str
    parent_folder_id: str | None
    name: str
    sort_order: float
    color: str | None
    settings: dict[str, Any] | None
    attribute_ids: list[str] | None
    deleted_at: datetime | None


_USERS = {
    dialect: select(*(USERS.c[name] for name in UserRow._fields)).where(in_param(dialect, USERS.c.id, "ids"))
    for dialect in ("sqlite", "postgresql")
}
_FOLDERS = {
    dialect: select(*(FOLDERS.c[name] for name in FolderRow._fields)).where(
        in_param(dialect, FOLDERS.c.id, "ids")
    )
    for dialect in ("sqlite", "postgresql")
}


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


async def users_by_id(session: AsyncSession, ids: Iterable[int]) -> dict[int, UserRow]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await core_execute(session, _USERS[_dialect(session)], {"ids": wanted})
    return {row.id: UserRow._make(row) for row in rows}


async def folders_by_id(session: AsyncSession, ids: Iterable[str]) -> dict[str, FolderRow]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await core_execute(session, _FOLDERS[_dialect(session)], {"ids": wanted})
    return {row.id: FolderRow._make(row) for row in rows}
