"""Values the server derives from other rows instead of taking them from a client: the `reference`
value mirrors the item's references (items/mirrors.py).

They are written here, with every side effect a client's value write has (items/service.py
`update_item`, `delete_value`): the item history, the value.created / value.updated events
(value.updated with `deleted: true` when the value goes), the item's `updated_at` and its search
document. Set-based: one call reads and writes with a statement per table, whatever the number of
values, and a value whose data does not change costs nothing more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.models import Board
from openinfinity.core import history as recorder
from openinfinity.core.inlist import in_values
from openinfinity.core.models import utcnow
from openinfinity.core.softdelete import live
from openinfinity.items import history
from openinfinity.items.events import value_event
from openinfinity.items.models import Item, Value
from openinfinity.items.search import dialect_of, reindex_items
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import SortKey


@dataclass(frozen=True, slots=True)
class Derived:
    """The value an item should now have for an attribute (`data` None: no value)."""

    item_id: str
    attribute_id: str
    data: Any


@dataclass(frozen=True, slots=True)
class _Change:
    event: str
    item: Item
    workspace_id: int
    value: Value
    attribute: Attribute
    deleted: bool = False


async def write_derived(
    session: AsyncSession, wanted: Sequence[Derived], *, principal: recorder.Caller | None = None
) -> None:
    """Bring the values of live items to `wanted` (values of deleted items are left to the
    delete, which drops them), with their history, events, `updated_at` and search documents."""
    if not wanted:
        return
    dialect = dialect_of(session)
    item_ids = {w.item_id for w in wanted}
    rows = await session.execute(
        select(Item, Board.workspace_id)
        .join(Board, Board.id == Item.board_id)
        .where(in_values(dialect, Item.id, item_ids), live(Item))
    )
    items = {item.id: (item, workspace_id) for item, workspace_id in rows}
    attribute_ids = {w.attribute_id for w in wanted}
    attributes = {
        a.id: a
        for a in await session.scalars(
            select(Attribute).where(in_values(dialect, Attribute.id, attribute_ids))
        )
    }
    stored = {
        (v.item_id, v.attribute_id): v
        for v in await session.scalars(
            select(Value).where(
                in_values(dialect, Value.item_id, list(items)),
                in_values(dialect, Value.attribute_id, attribute_ids),
            )
        )
    }
    now = utcnow()
    changes: list[_Change] = []
    reindex: set[str] = set()  # items whose search text changed
    for want in wanted:
        found, attribute = items.get(want.item_id), attributes.get(want.attribute_id)
        if found is None or attribute is None:
            continue
        item, workspace_id = found
        value = stored.get((want.item_id, want.attribute_id))
        old = None if value is None else value.data
        if old == want.data:
            continue
        history.value_changed(
            session,
            board_id=item.board_id,
            item_id=item.id,
            attribute_id=attribute.id,
            old=old,
            new=want.data,
            existed=value is not None,
            exists=want.data is not None,
            principal=principal,
        )
        item.updated_at = now
        if want.data is None:
            assert value is not None  # old != None: a value is stored
            if value.search_text is not None:
                reindex.add(item.id)
            await session.delete(value)
            changes.append(_Change("value.updated", item, workspace_id, value, attribute, deleted=True))
            continue
        event = "value.updated"
        if value is None:
            value = Value(item_id=item.id, attribute_id=attribute.id)
            session.add(value)
            event = "value.created"
        before = value.search_text
        _fill(value, want.data, attribute)
        if value.search_text != before:
            reindex.add(item.id)
        value.updated_at = now
        changes.append(_Change(event, item, workspace_id, value, attribute))
    if not changes:
        return
    await session.flush()  # one statement per table and kind of change (the unit of work batches)
    for change in changes:
        value_event(
            session,
            change.event,
            workspace_id=change.workspace_id,
            board_id=change.item.board_id,
            item=change.item,
            value=change.value,
            attribute=change.attribute,
            deleted=change.deleted,
        )
    await reindex_items(session, reindex)


async def copy_derived(session: AsyncSession, wanted: Sequence[Derived]) -> None:
    """Store values as a copy (transfer/ingest.py) had them at its source: the data only. A copy
    restores a state instead of changing one, so it records no history and no events and keeps
    the items' `updated_at` as copied."""
    if not wanted:
        return
    dialect = dialect_of(session)
    attributes = {
        a.id: a
        for a in await session.scalars(
            select(Attribute).where(in_values(dialect, Attribute.id, {w.attribute_id for w in wanted}))
        )
    }
    stored = {
        (v.item_id, v.attribute_id): v
        for v in await session.scalars(
            select(Value).where(
                in_values(dialect, Value.item_id, {w.item_id for w in wanted}),
                in_values(dialect, Value.attribute_id, set(attributes)),
            )
        )
    }
    for want in wanted:
        attribute = attributes.get(want.attribute_id)
        value = stored.get((want.item_id, want.attribute_id))
        if attribute is None or (None if value is None else value.data) == want.data:
            continue
        if want.data is None:
            await session.delete(value)
            continue
        if value is None:
            value = Value(item_id=want.item_id, attribute_id=attribute.id)
            session.add(value)
        _fill(value, want.data, attribute)
    await session.flush()


def _fill(value: Value, data: Any, attribute: Attribute) -> None:
    """The data and the keys search, filters and sorts read, as the attribute's type derives them."""
    kind = registry.get(attribute.type)
    key = kind.sort_key(data, attribute) if kind else SortKey()
    value.data = data
    value.search_text = kind.search_text(data, attribute) if kind else None
    value.number_key = key.number
    value.text_key = key.text[:255] if key.text else key.text
