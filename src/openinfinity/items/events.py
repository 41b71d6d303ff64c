"""The outbox events of item writes, recorded in the writing transaction.

Payloads are the API objects of the resource, as webhooks deliver them: value payloads carry
`item_id`; deleting an item sends item.updated with `deleted: true`, then item.deleted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import events
from openinfinity.items import values as item_values
from openinfinity.items.models import Item, Value
from openinfinity.items.present import columns, present_stored_value, present_values
from openinfinity.items.schemas import present_item
from openinfinity.schema.attributes.models import Attribute


async def _record(
    session: AsyncSession, board: BoardContext, item: Item, event: str, payload: dict[str, Any]
) -> None:
    events.record(
        session, event, workspace_id=board.workspace.id, board_id=board.id, payload=payload, item_id=item.id
    )


async def item_created(session: AsyncSession, board: BoardContext, item: Item) -> None:
    await _record(session, board, item, "item.created", present_item(item))


async def item_updated(session: AsyncSession, board: BoardContext, item: Item) -> None:
    await _record(session, board, item, "item.updated", present_item(item))


async def values_written(
    session: AsyncSession,
    board: BoardContext,
    item: Item,
    written: list[tuple[str, Value]],
    attributes: dict[str, Attribute],
) -> None:
    """One value.created / value.updated per value the request touched, in request order."""
    for event, value in written:
        value_event(
            session,
            event,
            workspace_id=board.workspace.id,
            board_id=board.id,
            item=item,
            value=value,
            attribute=attributes.get(value.attribute_id),
        )


def value_event(
    session: AsyncSession,
    event: str,
    *,
    workspace_id: int,
    board_id: str,
    item: Item,
    value: Value,
    attribute: Attribute | None,
    deleted: bool = False,
) -> None:
    """One value event: value.created, value.updated, or value.updated with `deleted: true` for a
    value that was removed (there is no value.deleted event)."""
    payload = present_stored_value(value, attribute, item)
    if deleted:
        payload["deleted"] = True
    events.record(
        session, event, workspace_id=workspace_id, board_id=board_id, payload=payload, item_id=item.id
    )


async def item_finalized(
    session: AsyncSession,
    board: BoardContext,
    item: Item,
    attributes: dict[str, Attribute],
    values: list[Value],
) -> None:
    """The create request completed with all its values (`values`): the payload carries them."""
    stored = [item_values.StoredValue(v.id, v.item_id, v.attribute_id, v.data) for v in values]
    payload = present_item(
        item, {"values": present_values(item, stored, columns(attributes, with_attribute=False))}
    )
    await _record(session, board, item, "item.finalized", payload)


async def item_deleted(session: AsyncSession, board: BoardContext, item: Item) -> None:
    items_deleted(session, workspace_id=board.workspace.id, board_id=board.id, items=[item])


def items_deleted(session: AsyncSession, *, workspace_id: int, board_id: str, items: list[Item]) -> None:
    """Each item's pair: item.updated with `deleted_at` set, then item.deleted (also recorded by
    the background purge of a large delete, which has no caller's board context)."""
    for item in items:
        payload = present_item(item)
        for event in ("item.updated", "item.deleted"):
            events.record(
                session, event, workspace_id=workspace_id, board_id=board_id, payload=payload, item_id=item.id
            )


async def value_deleted(
    session: AsyncSession, board: BoardContext, item: Item, value: Value, attribute: Attribute | None
) -> None:
    value_event(
        session,
        "value.updated",
        workspace_id=board.workspace.id,
        board_id=board.id,
        item=item,
        value=value,
        attribute=attribute,
        deleted=True,
    )
