"""The `reference` values: each mirrors its item's references (the source item's value for a
`reference` attribute lists the item ids it points to, oldest link first). They are item values, so
items keep them: the references service calls `sync_values` after a change, and deleting items
(items/deletion.py) drops the references from and to them with `remove_for_items`. Written through
items/derived.py, with the side effects of any value write."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete as sql_delete
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.history import Caller
from openinfinity.core.inlist import in_values
from openinfinity.items.derived import Derived, copy_derived, write_derived
from openinfinity.items.models import Value
from openinfinity.schema.references.models import Reference


async def sync_values(
    session: AsyncSession, pairs: Iterable[tuple[str, str]], *, principal: Caller | None = None
) -> None:
    """Rewrite the reference values of these (source item id, attribute id) pairs from the
    references that exist now, through the items' value writes (items/derived.py: history,
    value events, `updated_at`), with one read of the references for all of them."""
    await write_derived(session, await _mirrors(session, pairs), principal=principal)


async def copy_values(session: AsyncSession, pairs: Iterable[tuple[str, str]]) -> None:
    """The same for a copy of references (transfer/ingest.py): the values as at the source,
    recorded as no change."""
    await copy_derived(session, await _mirrors(session, pairs))


async def _mirrors(session: AsyncSession, pairs: Iterable[tuple[str, str]]) -> list[Derived]:
    """Per pair, the value its references make: their targets, oldest link first (None: none)."""
    wanted = set(pairs)
    if not wanted:
        return []
    dialect = session.get_bind().dialect.name
    rows = await session.execute(
        select(Reference.from_item_id, Reference.attribute_id, Reference.to_item_id)
        .where(
            in_values(dialect, Reference.from_item_id, {item_id for item_id, _ in wanted}),
            in_values(dialect, Reference.attribute_id, {attribute_id for _, attribute_id in wanted}),
        )
        .order_by(Reference.created_at, Reference.id)
    )
    targets: dict[tuple[str, str], list[str]] = {pair: [] for pair in wanted}
    for from_item_id, attribute_id, to_item_id in rows:
        if (from_item_id, attribute_id) in targets:
            targets[(from_item_id, attribute_id)].append(to_item_id)
    return [
        Derived(item_id, attribute_id, found or None)
        for (item_id, attribute_id), found in sorted(targets.items())
    ]


async def remove_for_items(
    session: AsyncSession, item_ids: list[str], *, principal: Caller | None = None
) -> None:
    """Drop every reference from or to these (deleted) items, their own reference values, and
    rewrite the reference values of the live items that pointed at them: one statement each."""
    if not item_ids:
        return
    dialect = session.get_bind().dialect.name
    touches = or_(
        in_values(dialect, Reference.from_item_id, item_ids),
        in_values(dialect, Reference.to_item_id, item_ids),
    )
    rows = (
        await session.execute(select(Reference.from_item_id, Reference.attribute_id).where(touches))
    ).all()
    if not rows:
        return
    await session.execute(
        sql_delete(Reference).where(touches), execution_options={"synchronize_session": False}
    )
    gone = set(item_ids)
    own = {(from_item_id, attribute_id) for from_item_id, attribute_id in rows if from_item_id in gone}
    if own:
        # A deleted item keeps no reference values either.
        await session.execute(
            sql_delete(Value).where(
                in_values(dialect, Value.item_id, {item_id for item_id, _ in own}),
                in_values(dialect, Value.attribute_id, {attribute_id for _, attribute_id in own}),
            ),
            execution_options={"synchronize_session": "fetch"},
        )
    others = {(from_item_id, attribute_id) for from_item_id, attribute_id in rows if from_item_id not in gone}
    await sync_values(session, others, principal=principal)
