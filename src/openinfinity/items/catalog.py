"""The lookups every item read and write needs about its board's schema: the board's attributes
(`board_attributes`) and the context a value is validated in (`value_context`).

Items, views, comments and the attribute service all start from these, so they live in items,
apart from the attribute service (which sits above items and calls down into it)."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core.softdelete import live
from openinfinity.items.usable_files import usable_ids
from openinfinity.members.service import member_ids
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types.base import ValueContext


def value_context(session: AsyncSession, board: BoardContext) -> ValueContext:
    """A ValueContext for `board` whose member look-up runs at most once."""
    cache: dict[str, set[int]] = {}

    async def members() -> set[int]:
        if "ids" not in cache:
            cache["ids"] = await member_ids(session, board.workspace.id)
        return cache["ids"]

    async def attachment_ids(ids: list[int]) -> set[int]:
        return await usable_ids(session, board, ids)

    return ValueContext(
        workspace_id=board.workspace.id,
        board_id=board.id,
        user_id=board.user_id,
        member_ids=members,
        attachment_ids=attachment_ids,
    )


# Built once: statements on every request's path skip SQLAlchemy's per-call construction.
_BOARD_ATTRIBUTES = select(Attribute).where(Attribute.board_id == bindparam("board_id"), live(Attribute))


async def board_attributes(session: AsyncSession, board_id: str) -> dict[str, Attribute]:
    """The board's attributes (not deleted) by id."""
    rows = await session.scalars(_BOARD_ATTRIBUTES, {"board_id": board_id})
    return {a.id: a for a in rows.all()}
