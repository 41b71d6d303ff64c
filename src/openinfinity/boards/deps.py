"""`CurrentBoard`: resolves `{workspace}` and `{board_id}` for every route below a board."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from openinfinity.auth.deps import CurrentPrincipal
from openinfinity.boards.access import BoardContext, resolve
from openinfinity.core.bounds import parse_db_id
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import NotFound


async def current_board(
    session: SessionDep,
    principal: CurrentPrincipal,
    workspace: Annotated[str, Path(description="Workspace ID", max_length=32)],
    board_id: Annotated[str, Path(description="Board ID", max_length=64)],
) -> BoardContext:
    # Like CurrentWorkspace, but with the board in the same query: one round trip, not two.
    workspace_id = parse_db_id(workspace)
    if workspace_id is None:
        raise NotFound.of("Workspace")
    return await resolve(session, principal, workspace_id, board_id)


CurrentBoard = Annotated[BoardContext, Depends(current_board)]
