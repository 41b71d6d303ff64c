"""`CurrentBoard`: resolves `{board_id}` for every route below a board."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from openinfinity.boards.access import BoardContext, get_visible
from openinfinity.core.db import SessionDep
from openinfinity.workspaces.deps import CurrentWorkspace


async def current_board(
    session: SessionDep,
    ctx: CurrentWorkspace,
    board_id: Annotated[str, Path(description="Board ID", max_length=64)],
) -> BoardContext:
    return await get_visible(session, ctx, board_id)


CurrentBoard = Annotated[BoardContext, Depends(current_board)]
