"""Writing and reading an item's values: validation of a whole `values` list at once (every bad
value reported in one 422), upserts keyed by (item, attribute), and the page-wide value loads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from openinfinity.auth.principal import Principal
from openinfinity.boards.access import BoardContext
from openinfinity.core.errors import Conflict
from openinfinity.core.ids import is_uuid
from openinfinity.core.inlist import in_param
from openinfinity.core.softdelete import live
from openinfinity.items import history, search
from openinfinity.items.catalog import value_context
from openinfinity.items.models import Item, Value
from openinfinity.items.rows import ITEM_COLUMNS, ITEM_WIDTH, ITEMS, ItemRow, item_of
from openinfinity.items.schemas import ValueWrite
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from openinfinity.schema.attributes.values import normalise_value

Errors = dict[str, list[str]]


@dataclass(slots=True)
class PreparedValue:
    """One request value, validated and normalised, ready to write."""

    attribute: Attribute
    client_id: str | None
    data: Any
    search_text: str | None
    key: SortKey


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


class Preparer:
    """Validates the `values` lists of one or more items of `board`, sharing the look-ups that
    do not depend on the item (the member list, through one value context)."""

    def __init__(self, session: AsyncSession, board: BoardContext, attributes: dict[str, Attribute]):
        self.session = session
        self.attributes = attributes
        self.ctx = value_context(session, board)
        # Client-chosen value ids of items created earlier in the same call (not yet stored).
        self.claimed: dict[str, tuple[str, str]] = {}

    async def prepare(
        self, values: list[ValueWrite], *, item_id: str | None
    ) -> tuple[list[PreparedValue], Errors]:
        """Validate every value of one item (`item_id`: its id as the client knows it, None for
        a new item without one); return the prepared values and the errors keyed by path."""
        errors: Errors = {}
        prepared: list[PreparedValue] = []
        seen: set[str] = set()
        owners = await _owners_of(self.session, [v.id for v in values if v.id and v.id not in self.claimed])
        for i, value in enumerate(values):
            path = f"values.{i}"
            attribute = self.attributes.get(value.attribute_id)
            if attribute is None:
                _add(errors, f"{path}.attribute_id", f"The selected {path}.attribute_id is invalid.")
                continue
            if value.attribute_id in seen:
                _add(errors, f"{path}.attribute_id", f"The {path}.attribute_id field has a duplicate value.")
                continue
            seen.add(value.attribute_id)
            if value.id is not None:
                owner = self.claimed.get(value.id) or owners.get(value.id)
                problem = _client_id_problem(value.id, owner, item_id, value.attribute_id)
                if problem:
                    _add(errors, f"{path}.id", f"The {path}.id {problem}")
                    continue
            kind = registry.get(attribute.type)
            if kind is None or kind.computed:
                _add(errors, f"{path}.data", f"The {path}.data field is computed and cannot be written.")
                continue
            if not kind.writable:
                _add(
                    errors,
                    f"{path}.data",
                    f"The {path}.data field is read-only for {attribute.type} attributes: "
                    f"use {kind.written_through}.",
                )
                continue
            try:
                stored, text, key = await normalise_value(attribute, value.data, self.ctx)
            except InvalidValue as exc:
                _add(errors, f"{path}.data", f"The {path}.data field {exc}")
                continue
            prepared.append(PreparedValue(attribute, value.id, stored, text, key))
        return prepared, errors

    def claim(self, prepared: list[PreparedValue], owner: str) -> None:
        """The client-chosen value ids of `prepared` now belong to the new item `owner`."""
        for p in prepared:
            if p.client_id:
                self.claimed[p.client_id] = (owner, p.attribute.id)


async def prepare(
    session: AsyncSession,
    board: BoardContext,
    attributes: dict[str, Attribute],
    values: list[ValueWrite],
    *,
    item_id: str | None,
) -> tuple[list[PreparedValue], Errors]:
    """Validate every value of one item; return the prepared ones and the errors keyed by path."""
    return await Preparer(session, board, attributes).prepare(values, item_id=item_id)


async def _owners_of(session: AsyncSession, value_ids: list[str]) -> dict[str, tuple[str, str]]:
    """value id -> (item id, attribute id) for the client-sent value ids that exist."""
    if not value_ids:
        return {}
    rows = await session.execute(
        select(Value.id, Value.item_id, Value.attribute_id).where(Value.id.in_(value_ids))
    )
    return {row.id: (row.item_id, row.attribute_id) for row in rows}


def _client_id_problem(
    value_id: str, owner: tuple[str, str] | None, item_id: str | None, attribute_id: str
) -> str | None:
    """Why a client-sent value id cannot be used (None when it can)."""
    if owner is None:
        return None if is_uuid(value_id) else "field must be a valid UUID."
    owner_item, owner_attribute = owner
    if owner_item != item_id:
        return "has already been taken."
    if owner_attribute != attribute_id:
        return "field must name the value of the same attribute."
    return None


def _fill(value: Value, p: PreparedValue) -> None:
    value.data = p.data
    value.search_text = p.search_text
    value.number_key = p.key.number
    value.text_key = p.key.text[:255] if p.key.text else p.key.text


async def write_new(
    session: AsyncSession, items: list[tuple[Item, list[PreparedValue]]]
) -> list[list[tuple[str, Value]]]:
    """Insert the prepared values of new items (already flushed), one statement for all; per
    item its ("value.created", value) pairs in request order. The caller records the history."""
    written: list[list[tuple[str, Value]]] = []
    for item, prepared in items:
        mine: list[tuple[str, Value]] = []
        for p in prepared:
            value = Value(id=p.client_id or str(uuid.uuid4()), item_id=item.id, attribute_id=p.attribute.id)
            _fill(value, p)
            mine.append(("value.created", value))
        written.append(mine)
    session.add_all([value for mine in written for _, value in mine])
    try:
        await session.flush()
    except IntegrityError:
        # A concurrent request wrote the same client-chosen value id first.
        raise Conflict("A value with this id was written meanwhile.") from None
    return written


async def write(
    session: AsyncSession,
    item: Item,
    prepared: list[PreparedValue],
    *,
    principal: Principal | None = None,
) -> list[tuple[str, Value]]:
    """Upsert the prepared values of an existing `item`; returns ("value.created" |
    "value.updated", value). Each change goes to the item history (as `principal`, when the
    caller has it at hand)."""
    if not prepared:
        return []
    existing = {
        v.attribute_id: v
        for v in await session.scalars(
            select(Value).where(
                Value.item_id == item.id,
                Value.attribute_id.in_([p.attribute.id for p in prepared]),
            )
        )
    }
    written: list[tuple[str, Value]] = []
    for p in prepared:
        value = existing.get(p.attribute.id)
        event = "value.updated"
        old = None if value is None else value.data
        if value is None:
            value = Value(id=p.client_id or str(uuid.uuid4()), item_id=item.id, attribute_id=p.attribute.id)
            session.add(value)
            event = "value.created"
        history.value_changed(
            session,
            board_id=item.board_id,
            item_id=item.id,
            attribute_id=p.attribute.id,
            old=old,
            new=p.data,
            existed=event == "value.updated",
            principal=principal,
        )
        _fill(value, p)
        written.append((event, value))
    try:
        await session.flush()
    except IntegrityError:
        # A concurrent request wrote the same client-chosen value id first.
        raise Conflict("A value with this id was written meanwhile.") from None
    return written


class StoredValue(NamedTuple):
    """A value as read for presentation (plain rows: no ORM identity-map cost on big pages)."""

    id: str
    item_id: str
    attribute_id: str
    data: Any


_VALUES = Value.__table__.c
# Per dialect: the ids are one parameter (core/inlist.py), so one statement serves every page size.
# Table columns, not entity attributes: a Core statement skips the ORM's row loading.
_VALUES_OF = {
    dialect: select(_VALUES.id, _VALUES.item_id, _VALUES.attribute_id, _VALUES.data).where(
        in_param(dialect, _VALUES.item_id, "item_ids")
    )
    for dialect in ("sqlite", "postgresql")
}


async def values_of(session: AsyncSession, item_ids: list[str]) -> dict[str, list[StoredValue]]:
    """The stored values of several items in one query."""
    out: dict[str, list[StoredValue]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    rows = await session.execute(_VALUES_OF[search.dialect_of(session)], {"item_ids": item_ids})
    for value_id, item_id, attribute_id, data in rows:
        out[item_id].append(StoredValue(value_id, item_id, attribute_id, data))
    return out


# GET item with its values: one round trip (the item's columns repeated on each of its values;
# an item without values gives one row whose value columns are null).
_ITEM_WITH_VALUES = (
    select(*ITEM_COLUMNS, _VALUES.id, _VALUES.attribute_id, _VALUES.data)
    .select_from(ITEMS.outerjoin(Value.__table__, _VALUES.item_id == ITEMS.c.id))
    .where(
        ITEMS.c.id == bindparam("item_id"),
        ITEMS.c.board_id == bindparam("board_id"),
        live(ITEMS.c),
    )
)


async def item_with_values(
    session: AsyncSession, board_id: str, item_id: str
) -> tuple[ItemRow, list[StoredValue]] | None:
    """The board's live item and its stored values in one query, or None."""
    rows = (await session.execute(_ITEM_WITH_VALUES, {"item_id": item_id, "board_id": board_id})).all()
    if not rows:
        return None
    item = item_of(rows[0])
    stored = [
        StoredValue(row[ITEM_WIDTH], item.id, row[ITEM_WIDTH + 1], row[ITEM_WIDTH + 2])
        for row in rows
        if row[ITEM_WIDTH] is not None
    ]
    return item, stored


_DATAS_OF = {
    dialect: select(_VALUES.item_id, _VALUES.attribute_id, _VALUES.data).where(
        in_param(dialect, _VALUES.item_id, "item_ids")
    )
    for dialect in ("sqlite", "postgresql")
}


async def datas_of(connection: AsyncConnection, item_ids: list[str]) -> dict[str, dict[str, Any]]:
    """item id -> {attribute id: data} for several items in one query, as Core rows (an export
    reads millions: no ORM row processing, no value ids)."""
    out: dict[str, dict[str, Any]] = {i: {} for i in item_ids}
    if item_ids:
        rows = await connection.execute(_DATAS_OF[connection.dialect.name], {"item_ids": item_ids})
        for item_id, attribute_id, data in rows:
            out[item_id][attribute_id] = data
    return out


async def refresh_search(
    session: AsyncSession, item: Item, attributes: dict[str, Attribute], values: list[Value] | None = None
) -> None:
    """Rewrite the item's search document from its live values (`values`: all of them, when the
    caller has them at hand, e.g. a new item's)."""
    if values is None:
        rows: Any = await session.execute(
            select(Value.attribute_id, Value.search_text).where(
                Value.item_id == item.id, Value.search_text.is_not(None)
            )
        )
    else:
        rows = [v for v in values if v.search_text is not None]
    parts = [
        (attributes[row.attribute_id].type, row.search_text) for row in rows if row.attribute_id in attributes
    ]
    await search.write_doc(
        session, item_id=item.id, board_id=item.board_id, created_at=item.created_at, parts=parts
    )


async def write_new_search(
    session: AsyncSession,
    items: list[Item],
    attributes: dict[str, Attribute],
    written: list[list[tuple[str, Value]]],
) -> None:
    """The search documents of new items (flushed), from the values just written for each."""
    docs = []
    for item, mine in zip(items, written, strict=True):
        parts = [
            (attributes[v.attribute_id].type, v.search_text)
            for _, v in mine
            if v.search_text is not None and v.attribute_id in attributes
        ]
        docs.append(search.NewDoc(item.id, item.board_id, item.created_at, parts))
    await search.write_new_docs(session, docs)


def computed_value_id(item_id: str, attribute_id: str) -> str:
    """Computed values (created_at, ...) have no row; their id is derived, stable across reads."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"openinfinity:value:{item_id}:{attribute_id}"))
