"""What item writes add to the item history (history/recorder.py): the item's own fields and its
values, old and new, in the writing transaction. Values whose data did not change add nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.auth.principal import Principal
from openinfinity.core import history as recorder
from openinfinity.items.models import Item, Value

# The item's own fields a change is recorded for (values are recorded per attribute).
FIELDS = ("folder_id", "parent_id", "sort_order")


def snapshot(item: Item) -> dict[str, Any]:
    return {field: getattr(item, field) for field in FIELDS}


def item_created(session: AsyncSession, item: Item, *, principal: Principal | None) -> None:
    recorder.item_change(
        session,
        board_id=item.board_id,
        item_id=item.id,
        action="item.created",
        new=snapshot(item),
        principal=principal,
    )


def item_fields_changed(
    session: AsyncSession, item: Item, before: dict[str, Any], *, principal: Principal | None
) -> None:
    """One entry per field of `FIELDS` whose value differs from `before` (a `snapshot`)."""
    for field in FIELDS:
        old, new = before[field], getattr(item, field)
        if old != new:
            recorder.item_change(
                session,
                board_id=item.board_id,
                item_id=item.id,
                action="item.updated",
                field=field,
                old=old,
                new=new,
                principal=principal,
            )


def item_deleted(session: AsyncSession, item: Item, *, principal: recorder.Caller | None) -> None:
    deleted_at = item.deleted_at.isoformat(timespec="seconds") + "Z" if item.deleted_at else None
    recorder.item_change(
        session,
        board_id=item.board_id,
        item_id=item.id,
        action="item.deleted",
        field="deleted_at",
        new=deleted_at,
        principal=principal,
    )


def values_created(
    session: AsyncSession, item: Item, values: list[Value], *, principal: Principal | None
) -> None:
    """The values of a new item, in the order written."""
    for value in values:
        value_changed(
            session,
            board_id=item.board_id,
            item_id=item.id,
            attribute_id=value.attribute_id,
            old=None,
            new=value.data,
            existed=False,
            principal=principal,
        )


def value_changed(
    session: AsyncSession,
    *,
    board_id: str,
    item_id: str,
    attribute_id: str,
    old: Any,
    new: Any,
    existed: bool,
    exists: bool = True,
    principal: recorder.Caller | None = None,
) -> None:
    """A value written (`exists`) or removed; nothing when its data is unchanged."""
    if existed and exists and old == new:
        return
    action = "value.updated" if existed and exists else "value.created" if exists else "value.deleted"
    recorder.item_change(
        session,
        board_id=board_id,
        item_id=item_id,
        action=action,
        attribute_id=attribute_id,
        old=old if existed else None,
        new=new if exists else None,
        principal=principal,
    )
