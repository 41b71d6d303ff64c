"""`CommentItem`: the item of `{item_id}` on a board the caller sees (404 otherwise)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from openinfinity.boards.deps import ContentBoard
from openinfinity.comments import service
from openinfinity.items.rows import ItemRow


async def comment_item(
    ctx: ContentBoard,
    item_id: Annotated[str, Path(description="The ID of the item.", max_length=64)],
) -> ItemRow:
    # The same `ContentBoard` as the handler's (FastAPI solves a dependency once per request).
    return await service.get_item(ctx.session, ctx.board, item_id)


CommentItem = Annotated[ItemRow, Depends(comment_item)]
