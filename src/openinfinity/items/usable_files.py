"""Which attachments a caller may list in an `attachments` value (`usable_ids`, behind
`ValueContext.attachment_ids`). The check reads item values, so it lives with items; the
attachments package (uploads, downloads, garbage collection) sits above items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, cast, exists, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext, visible_boards
from openinfinity.boards.models import Board
from openinfinity.core.softdelete import live
from openinfinity.files.lookup import collect_ids
from openinfinity.files.models import Attachment
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.models import Attribute


async def usable_ids(session: AsyncSession, board: BoardContext, ids: Iterable[int]) -> set[int]:
    """Which of `ids` the caller may put in an `attachments` value on `board`: attachments of the
    workspace that the caller uploaded (they hold the bytes already), or that a live value on a
    board the caller can see already references. Anything else would hand the caller a signed
    link to a file they cannot see (attachment ids are sequential, so they are easy to guess)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    # FOR SHARE (PostgreSQL) until this write commits: `gc-attachments` cannot delete a file
    # between this check and the commit of the value that lists it (see attachments/gc.py).
    rows = await session.execute(
        select(Attachment.id, Attachment.created_by)
        .where(Attachment.workspace_id == board.workspace.id, Attachment.id.in_(wanted))
        .with_for_update(read=True)
    )
    usable: set[int] = set()
    others: list[int] = []
    for attachment_id, uploader in rows:
        if uploader == board.user_id:
            usable.add(attachment_id)
        else:
            others.append(attachment_id)
    if others:
        # This board first: re-saving an item's files is the common case, and it is one board.
        usable |= await _seen_in_values(session, board, others, this_board_only=True)
        rest = [i for i in others if i not in usable]
        if rest:
            usable |= await _seen_in_values(session, board, rest, this_board_only=False)
    return usable


async def _seen_in_values(
    session: AsyncSession, board: BoardContext, ids: list[int], *, this_board_only: bool
) -> set[int]:
    """The ids among `ids` that a live `attachments` value on a board the caller sees lists."""
    stmt = (
        select(Value.data)
        .join(Item, Item.id == Value.item_id)
        .join(Attribute, Attribute.id == Value.attribute_id)
        .where(
            Attribute.type == "attachments",
            live(Attribute),
            live(Item),
            _lists_any(Value.data, ids, session.get_bind().dialect.name),
        )
    )
    if this_board_only:
        stmt = stmt.where(Item.board_id == board.id)
    else:
        stmt = stmt.where(Item.board_id.in_(visible_boards(board.workspace).with_only_columns(Board.id)))
    found = collect_ids((await session.scalars(stmt)).all())
    return set(found) & set(ids)


def _lists_any(data: Any, ids: list[int], dialect: str) -> ColumnElement[bool]:
    """The JSON array `data` contains one of `ids`."""
    if dialect == "postgresql":
        return or_(*[cast(data, JSONB).contains([i]) for i in ids])
    each = func.json_each(data).table_valued("value")
    return exists(select(1).select_from(each).where(each.c.value.in_(ids)))
