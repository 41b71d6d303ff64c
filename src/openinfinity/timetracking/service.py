"""Starting, ending, editing and deleting time entries, and keeping the `time_tracking` value of
the item (its total tracked seconds) in step in the same transaction.

One running entry per user and item: the check gives a clear 409, and a partial unique index
settles two starts racing past it (the loser gets the same 409). The value counts ended entries
only; each change of the total is an ordinary value change: a value.created/value.updated event
(webhooks, change feed) and an item history entry.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core.errors import NotFound, ValidationFailed, merge_validation
from openinfinity.core.models import utcnow
from openinfinity.core.softdelete import live
from openinfinity.items import events, history
from openinfinity.items.catalog import board_attributes
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.models import Attribute
from openinfinity.timetracking.errors import EntryRunning, NotEntryOwner
from openinfinity.timetracking.models import TimeEntry
from openinfinity.timetracking.schemas import TimeEntryCreate, TimeEntryUpdate
from openinfinity.workspaces import roles

KIND = "time_tracking"
# Clock skew tolerated between a client's clock and ours for an entry's end.
FUTURE_SLACK = timedelta(minutes=1)


def parse_ended_at(raw: str) -> datetime:
    """'YYYY-MM-DDTHH:MM:SS' (taken as UTC) or ISO 8601 with an offset; naive UTC out."""
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise ValidationFailed.field(
            "ended_at", "must be a valid date (YYYY-MM-DDTHH:MM:SS or ISO 8601)."
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


async def start(session: AsyncSession, board: BoardContext, body: TimeEntryCreate) -> TimeEntry:
    errors: list[ValidationFailed] = []
    item = await session.scalar(
        select(Item).where(Item.id == body.item_id, Item.board_id == board.id, live(Item))
    )
    if item is None:
        errors.append(ValidationFailed({"item_id": ["The selected item id is invalid."]}))
    attribute = await session.scalar(
        select(Attribute).where(
            Attribute.id == body.attribute_id, Attribute.board_id == board.id, live(Attribute)
        )
    )
    if attribute is None:
        errors.append(ValidationFailed({"attribute_id": ["The selected attribute id is invalid."]}))
    elif attribute.type != KIND:
        errors.append(ValidationFailed.field("attribute_id", f"must be an attribute of type {KIND}."))
    if errors:
        raise merge_validation(errors)
    assert item is not None
    running = await session.scalar(
        select(TimeEntry.id).where(
            TimeEntry.item_id == item.id, TimeEntry.user_id == board.user_id, TimeEntry.ended_at.is_(None)
        )
    )
    if running is not None:
        raise EntryRunning()
    entry = TimeEntry(
        board_id=board.id,
        item_id=item.id,
        attribute_id=body.attribute_id,
        user_id=board.user_id,
        started_at=utcnow(),
        description=body.description,
    )
    session.add(entry)
    try:
        await session.flush()
    except IntegrityError:
        # A start racing this one won; the request rolls back.
        raise EntryRunning() from None
    return entry


async def get_entry(session: AsyncSession, board: BoardContext, entry_id: str) -> TimeEntry:
    """An entry of the board whose item is live (404 otherwise)."""
    entry = await session.scalar(
        select(TimeEntry)
        .join(Item, Item.id == TimeEntry.item_id)
        .where(TimeEntry.id == entry_id, TimeEntry.board_id == board.id, live(Item))
    )
    if entry is None:
        raise NotFound.of("Time entry")
    return entry


def _require_owner(board: BoardContext, entry: TimeEntry) -> None:
    if entry.user_id != board.user_id and not roles.manages_members(board.workspace.role):
        raise NotEntryOwner()


async def update(
    session: AsyncSession, board: BoardContext, entry_id: str, body: TimeEntryUpdate
) -> TimeEntry:
    """End the entry (or move its end) and/or change its description."""
    entry = await get_entry(session, board, entry_id)
    _require_owner(board, entry)
    if body.ended_at is not None:
        ended_at = parse_ended_at(body.ended_at)
        if ended_at < entry.started_at:
            raise ValidationFailed.field("ended_at", "must be a date after or equal to started at.")
        if ended_at > utcnow() + FUTURE_SLACK:
            raise ValidationFailed.field("ended_at", "must not be in the future.")
        entry.ended_at = ended_at
        entry.seconds = int((ended_at - entry.started_at).total_seconds())
    if "description" in body.model_fields_set:
        entry.description = body.description
    entry.updated_at = utcnow()
    await session.flush()
    if body.ended_at is not None:
        await refresh_total(session, board, entry)
    return entry


async def delete(session: AsyncSession, board: BoardContext, entry_id: str) -> TimeEntry:
    entry = await get_entry(session, board, entry_id)
    _require_owner(board, entry)
    await session.delete(entry)
    await session.flush()
    if entry.seconds is not None:
        await refresh_total(session, board, entry)
    return entry


async def refresh_total(session: AsyncSession, board: BoardContext, entry: TimeEntry) -> None:
    """Rewrite the item's value for the entry's attribute: the sum of its ended entries. Nothing
    when the attribute is no longer a time_tracking one (its values are then its own)."""
    attributes = await board_attributes(session, board.id)
    attribute = attributes.get(entry.attribute_id)
    item = await session.get(Item, entry.item_id)
    if attribute is None or attribute.type != KIND or item is None:
        return
    total = int(
        await session.scalar(
            select(func.coalesce(func.sum(TimeEntry.seconds), 0)).where(
                TimeEntry.item_id == entry.item_id,
                TimeEntry.attribute_id == entry.attribute_id,
                TimeEntry.seconds.is_not(None),
            )
        )
        or 0
    )
    value = await session.scalar(
        select(Value).where(Value.item_id == entry.item_id, Value.attribute_id == entry.attribute_id)
    )
    old = None if value is None else value.data
    if value is not None and old == total:
        return
    event = "value.updated"
    if value is None:
        value = Value(item_id=entry.item_id, attribute_id=entry.attribute_id)
        session.add(value)
        event = "value.created"
    value.data = total
    value.number_key = float(total)
    value.text_key = None
    value.search_text = None
    await session.flush()
    history.value_changed(
        session,
        board_id=board.id,
        item_id=item.id,
        attribute_id=attribute.id,
        old=old,
        new=total,
        existed=event == "value.updated",
        principal=board.workspace.principal,
    )
    await events.values_written(session, board, item, [(event, value)], attributes)
