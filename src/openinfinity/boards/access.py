"""Who sees a board: owner, admins and full members see every board of the workspace; a
restricted member only boards whose `user_ids` include them. Everything else is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Exists, Integer, Select, String, and_, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.auth.principal import Principal
from openinfinity.boards.models import Board, BoardUser
from openinfinity.boards.rows import BOARD_COLUMNS, BoardRow
from openinfinity.core.db import core_execute
from openinfinity.core.errors import NotFound
from openinfinity.core.softdelete import live
from openinfinity.workspaces import roles
from openinfinity.workspaces.rows import WORKSPACE_COLUMNS, WorkspaceRow
from openinfinity.workspaces.service import WorkspaceContext


@dataclass(frozen=True, slots=True)
class BoardContext:
    """A board the caller can see, inside its workspace context. `board` is a frozen row;
    a route that changes the board loads the ORM `Board` by id (boards/service)."""

    board: BoardRow
    workspace: WorkspaceContext

    @property
    def id(self) -> str:
        return self.board.id

    @property
    def user_id(self) -> int:
        return self.workspace.user_id


def _on_board_list(user_id: Any) -> Exists:
    """The board's `user_ids` include the user: what a restricted member needs to see it."""
    return exists().where(BoardUser.board_id == Board.id, BoardUser.user_id == user_id)


def visible_boards(ctx: WorkspaceContext) -> Select[Board]:
    """Boards of the workspace the caller may see (not deleted)."""
    stmt = select(Board).where(Board.workspace_id == ctx.id, live(Board))
    if not roles.sees_every_board(ctx.role):
        stmt = stmt.where(_on_board_list(ctx.user_id))
    return stmt


async def get_visible(session: AsyncSession, ctx: WorkspaceContext, board_id: str) -> BoardContext:
    """A board of a workspace already resolved (routes use `resolve`, one query for both)."""
    stmt = visible_boards(ctx).where(Board.id == board_id).with_only_columns(*BOARD_COLUMNS)
    row = (await core_execute(session, stmt)).first()
    if row is None:
        raise NotFound.of("Board")
    return BoardContext(board=BoardRow.from_row(row), workspace=ctx)


_USER = bindparam("user_id", type_=Integer)
_WORKSPACE = bindparam("workspace_id", type_=Integer)
_BOARD = bindparam("board_id", type_=String)
# Built once (every request below a board runs it): the caller's membership, the board if it is
# in that workspace, and whether the caller is on the board's list (for restricted members).
# Plain columns, read into frozen rows: loading ORM entities for one row cost a quarter of a get.
_ACCESS = (
    select(
        *WORKSPACE_COLUMNS,
        Membership.role,
        _on_board_list(_USER).label("listed"),
        *BOARD_COLUMNS,
    )
    .join(Membership, and_(Membership.workspace_id == Workspace.id, Membership.user_id == _USER))
    .outerjoin(Board, and_(Board.id == _BOARD, Board.workspace_id == Workspace.id, live(Board)))
    .where(Workspace.id == _WORKSPACE, live(Workspace))
)

_ROLE = len(WORKSPACE_COLUMNS)
_LISTED = _ROLE + 1
_BOARD_ID = _ROLE + 2  # the board's columns follow, `id` first


async def resolve(
    session: AsyncSession, principal: Principal, workspace_id: int, board_id: str
) -> BoardContext:
    """Workspace access and board visibility in one query: 404 Workspace when the caller cannot
    see the workspace, else 404 Board when the board does not exist there or is not theirs to see."""
    if not principal.sees_workspace(workspace_id):
        raise NotFound.of("Workspace")
    params = {"user_id": principal.user_id, "workspace_id": workspace_id, "board_id": board_id}
    row = (await core_execute(session, _ACCESS, params)).first()
    if row is None:
        raise NotFound.of("Workspace")
    role, is_listed, board_id_found = row[_ROLE], row[_LISTED], row[_BOARD_ID]
    if board_id_found is None or not (roles.sees_every_board(role) or is_listed):
        raise NotFound.of("Board")
    workspace = WorkspaceContext(workspace=WorkspaceRow.from_row(row[:_ROLE]), role=role, principal=principal)
    return BoardContext(board=BoardRow.from_row(row[_BOARD_ID:]), workspace=workspace)
