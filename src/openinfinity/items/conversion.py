"""Changing an attribute's type: every stored value converts cleanly or nothing changes.

Item side effects of an attribute change (values rewritten, their search documents and events)
belong to items; the attribute service calls down into this module."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core.errors import ValidationFailed
from openinfinity.core.models import utcnow
from openinfinity.items import history
from openinfinity.items.catalog import board_attributes
from openinfinity.items.events import values_written
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import AttributeType, InvalidValue

# Values reported in one refusal (a board may hold many; the first ones name the problem).
MAX_REPORTED = 50


def _empty(data: Any) -> bool:
    return data is None or data == "" or data == []


async def change_type(
    session: AsyncSession, attribute: Attribute, source: AttributeType, probe: Attribute
) -> list[tuple[Item, Value]]:
    """Convert the values of `attribute` (still of type `source`) to `probe`'s type and settings.

    Values of live items that do not convert refuse the change with a 422 keyed
    `values.<value_id>`; values of deleted items that do not convert are dropped (nobody can see
    or fix them). Search text and sort keys are recomputed with the new type. Returns the
    changed values of live items (with their item) so the caller can announce them."""
    target = probe
    kind = registry.get(probe.type)
    assert kind is not None
    rows = (
        await session.execute(
            select(Value, Item).join(Item, Item.id == Value.item_id).where(Value.attribute_id == attribute.id)
        )
    ).all()
    errors: dict[str, list[str]] = {}
    converted: list[tuple[Value, Any, Item]] = []
    dropped: list[Value] = []
    for value, item in rows:
        try:
            if _empty(value.data):
                data = kind.empty
            elif kind.computed or not kind.writable:
                raise InvalidValue(f"cannot be converted from {source.kind} to {kind.kind}.")
            else:
                data = _convert(value.data, source, attribute, kind, target)
        except InvalidValue as exc:
            if item.deleted_at is not None:
                dropped.append(value)
            elif len(errors) < MAX_REPORTED:
                field = f"values.{value.id}"
                errors[field] = [f"The {field} field {exc}"]
            else:
                errors.setdefault("values", ["More values cannot be converted."])
            continue
        converted.append((value, data, item))
    if errors:
        raise ValidationFailed(errors)
    now = utcnow()
    changed: list[tuple[Item, Value]] = []
    for value, data, item in converted:
        if item.deleted_at is None and data != value.data:
            changed.append((item, value))
            # In the item's history as any other change of the value (old and new data).
            history.value_changed(
                session,
                board_id=item.board_id,
                item_id=item.id,
                attribute_id=attribute.id,
                old=value.data,
                new=data,
                existed=True,
            )
        value.data = data
        value.search_text = kind.search_text(data, target)
        key = kind.sort_key(data, target)
        value.number_key, value.text_key = key.number, key.text
        value.updated_at = now
    for value in dropped:
        await session.delete(value)
    await session.flush()
    return changed


def _convert(data: Any, source: AttributeType, old: Attribute, kind: AttributeType, target: Attribute) -> Any:
    """The target type's own conversion; failing that, a text-like target takes the value's
    search text under its old type (label names, checklist entries, link names and URLs)."""
    try:
        return kind.convert(data, source, target)
    except InvalidValue:
        if not kind.converts_search_text:
            raise
        text = source.search_text(data, old)
        if text is None:
            raise
        plain = registry.get("text")
        assert plain is not None
        return kind.convert(text, plain, target)


async def announce_changed_values(
    session: AsyncSession, board: BoardContext, changed: list[tuple[Item, Value]]
) -> None:
    """value.updated for every value a type change rewrote (webhooks keep mirrors in step)."""
    if not changed:
        return
    attributes = await board_attributes(session, board.id)
    for item, value in changed:
        await values_written(session, board, item, [("value.updated", value)], attributes)


async def refresh_keys(session: AsyncSession, attribute: Attribute) -> None:
    """Recompute search text and sort keys of the attribute's values (after its settings changed,
    e.g. a label renamed), keeping their data."""
    kind = registry.get(attribute.type)
    if kind is None or kind.computed:
        return
    values = (await session.scalars(select(Value).where(Value.attribute_id == attribute.id))).all()
    for value in values:
        search_text = kind.search_text(value.data, attribute)
        key = kind.sort_key(value.data, attribute)
        if (value.search_text, value.number_key, value.text_key) != (search_text, key.number, key.text):
            value.search_text, value.number_key, value.text_key = search_text, key.number, key.text
    await session.flush()
