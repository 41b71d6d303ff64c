"""Create-or-update an item matched by the value of one of its attributes (a natural key).

`upsert_item` is the one entry point: the `PUT .../items?match=` route, batch entries and CSV
imports call it per row. It creates through `service.create_item` and updates through
`service.update_item`, so events, change feed and history are those of a create or an update.

Matching compares the normalised value the attribute type would store: numbers by value, text,
e-mail and phone without regard to case and surrounding spaces. Concurrent upserts of one key are
serialised (PostgreSQL: a transaction-scoped advisory lock; SQLite: writers already take turns),
so two of them cannot both create.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import multiaction
from openinfinity.core.errors import ValidationFailed
from openinfinity.core.ids import is_uuid
from openinfinity.core.softdelete import live
from openinfinity.items import search
from openinfinity.items import service as items
from openinfinity.items.catalog import board_attributes, value_context
from openinfinity.items.errors import AmbiguousMatch
from openinfinity.items.models import Item, Value
from openinfinity.items.schemas import ItemWrite
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import InvalidValue, MatchBy, SortKey
from openinfinity.schema.attributes.types.common import TEXT_KEY_LENGTH, text_key
from openinfinity.schema.attributes.values import normalise_value

# Texts at least this long are looked up by a prefix of their key and then compared in full: a
# stored key is the first TEXT_KEY_LENGTH characters, surrounding spaces included.
_PREFIX = TEXT_KEY_LENGTH // 2


async def upsert_item(
    session: AsyncSession, board: BoardContext, match_attribute_id: str, body: ItemWrite
) -> items.SaveResult:
    """Update the one live item of `board` whose `match_attribute_id` value equals the body's value
    for that attribute, or create it when there is none. Raises ValidationFailed (422) for a bad
    match attribute or a missing match value, AmbiguousMatch (409) when several items match."""
    attributes = await board_attributes(session, board.id)
    attribute = _match_attribute(attributes, match_attribute_id)
    if multiaction.deletes(body.deleted_at):
        raise ValidationFailed.field("deleted_at", "is not allowed in an upsert: use DELETE.")
    stored, key = await _match_key(session, board, attribute, body)
    await _serialise(session, attribute, key)
    found = await _matches(session, board, attribute, stored, key)
    if len(found) > 1:
        raise AmbiguousMatch(attribute.id, len(found))
    if not found:
        if body.id is not None and not is_uuid(body.id):
            raise ValidationFailed({"id": ["The id field must be a valid UUID."]})
        return items.SaveResult(await items.create_item(session, board, body, item_id=body.id), created=True)
    item = found[0]
    if body.id is not None and body.id != item.id:
        raise ValidationFailed({"id": ["The id field must be the id of the matched item (or absent)."]})
    return items.SaveResult(await items.update_item(session, board, item.id, body))


def _match_by(attribute: Attribute) -> MatchBy | None:
    attribute_type = registry.get(attribute.type)
    return None if attribute_type is None else attribute_type.match_by


def matchable(attribute: Attribute) -> bool:
    """Whether the attribute's values can identify an item in an upsert (its type's `match_by`)."""
    return _match_by(attribute) is not None


def _match_attribute(attributes: dict[str, Attribute], attribute_id: str) -> Attribute:
    attribute = attributes.get(attribute_id)
    if attribute is None:
        raise ValidationFailed.field("match", "must be the id of an attribute of this board.")
    if not matchable(attribute):
        raise ValidationFailed.field(
            "match", f"must name a text, number, email or phone attribute (not {attribute.type})."
        )
    return attribute


async def _match_key(
    session: AsyncSession, board: BoardContext, attribute: Attribute, body: ItemWrite
) -> tuple[Any, SortKey]:
    """The stored form and comparable key of the body's value for the match attribute (422 when
    it is absent or empty)."""
    for i, value in enumerate(body.values or []):
        if value.attribute_id != attribute.id:
            continue
        try:
            stored, _text, key = await normalise_value(attribute, value.data, value_context(session, board))
        except InvalidValue as exc:
            raise ValidationFailed.field(f"values.{i}.data", str(exc)) from None
        if stored is None or stored == "":
            break
        return stored, key
    raise ValidationFailed(
        {"values": [f"The value of the match attribute {attribute.id} is required."]}, missing=True
    )


async def _serialise(session: AsyncSession, attribute: Attribute, key: SortKey) -> None:
    """PostgreSQL: hold a lock on this (attribute, value) until commit, so a concurrent upsert of
    the same key waits and then finds the item this one creates."""
    if search.dialect_of(session) != "postgresql":
        return
    digest = hashlib.sha256(f"upsert:{attribute.id}:{key.number!r}:{key.text!r}".encode()).digest()
    lock_id = int.from_bytes(digest[:8], "big", signed=True)
    await session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


async def _matches(
    session: AsyncSession, board: BoardContext, attribute: Attribute, stored: Any, key: SortKey
) -> list[Item]:
    stmt = (
        select(Item, Value.search_text)
        .join(Value, Value.item_id == Item.id)
        .where(Item.board_id == board.id, live(Item), Value.attribute_id == attribute.id)
        .order_by(Item.created_at, Item.id)
        .limit(50)
    )
    if _match_by(attribute) == "text":
        stmt = stmt.where(_same_text_key(str(stored)))
    else:
        stmt = stmt.where(Value.number_key == key.number)
    rows = (await session.execute(stmt)).all()
    return [item for item, whole in rows if _same(attribute, stored, whole)]


def _same_text_key(stored: str) -> ColumnElement[bool]:
    """Text is compared without regard to case and surrounding spaces (docs/api-extensions.md):
    the stored key is lower-cased but keeps its spaces, so both sides are trimmed."""
    wanted = text_key(stored.strip()) or ""
    trimmed = func.trim(Value.text_key)
    if len(wanted) < _PREFIX:
        return trimmed == wanted
    return trimmed.startswith(wanted[:_PREFIX], autoescape=True)


def _same(attribute: Attribute, stored: Any, whole_text: Any) -> bool:
    """Long texts compare in full (a text value's search text is the whole text), the short
    ones were compared exactly by their key."""
    if _match_by(attribute) != "text" or len(stored.strip()) < _PREFIX:
        return True
    return isinstance(whole_text, str) and whole_text.strip().lower() == stored.strip().lower()


async def matched_item(
    session: AsyncSession, board: BoardContext, match_attribute_id: str, body: ItemWrite
) -> Item | None:
    """The live item an upsert of `body` would update, None when it would create one (same errors
    as upsert_item). For callers that shape the body by the outcome: a CSV import sets the new
    item's folder only when it creates, so an update never moves an item."""
    attributes = await board_attributes(session, board.id)
    attribute = _match_attribute(attributes, match_attribute_id)
    stored, key = await _match_key(session, board, attribute, body)
    await _serialise(session, attribute, key)
    found = await _matches(session, board, attribute, stored, key)
    if len(found) > 1:
        raise AmbiguousMatch(attribute.id, len(found))
    return found[0] if found else None
