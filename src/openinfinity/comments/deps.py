"""`CommentItem`: the item of `{item_id}` on a board the caller sees (404 otherwise)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from openinfinity.boards.deps import CurrentBoard
from openinfinity.comments import service
from openinfinity.core.db import SessionDep
from openinfinity.items.rows import ItemRow


async def comment_item(
    session: SessionDep,
    board: CurrentBoard,
    item_id: Annotated[str, Path(description="The ID of the item.", max_length=64)],
) -> ItemRow:
    return await service.get_item(session, board, item_id)


CommentItem = Annotated[ItemRow, Depends(comment_item)]
