"""Who sees a board: owner, admins and full members see every board of the workspace; a
restricted member only boards whose `user_ids` include them. Everything else is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.models import Board, BoardUser
from openinfinity.core.errors import NotFound
from openinfinity.workspaces import roles
from openinfinity.workspaces.service import WorkspaceContext


@dataclass(frozen=True, slots=True)
class BoardContext:
    """A board the caller can see, inside its workspace context."""

    board: Board
    workspace: WorkspaceContext

    @property
    def id(self) -> str:
        return self.board.id

    @property
    def user_id(self) -> int:
        return self.workspace.user_id


def visible_boards(ctx: WorkspaceContext) -> Select[Board]:
    """Boards of the workspace the caller may see (not deleted)."""
    stmt = select(Board).where(Board.workspace_id == ctx.id, Board.deleted_at.is_(None))
    if not roles.sees_every_board(ctx.role):
        stmt = stmt.where(exists().where(BoardUser.board_id == Board.id, BoardUser.user_id == ctx.user_id))
    return stmt


async def get_visible(session: AsyncSession, ctx: WorkspaceContext, board_id: str) -> BoardContext:
    board = await session.scalar(visible_boards(ctx).where(Board.id == board_id))
    if board is None:
        raise NotFound.of("Board")
    return BoardContext(board=board, workspace=ctx)
