"""Boards of a workspace: list (visibility from boards/access), get, create, update, soft delete.
Owner, admins and full members write boards; restricted members only read the boards they see."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext, visible_boards
from openinfinity.boards.models import Board, BoardUser
from openinfinity.boards.sort_order import next_after, parse_sort_order
from openinfinity.core import history as recorder
from openinfinity.core.errors import Forbidden, ValidationFailed
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live, soft_delete
from openinfinity.members.service import member_ids
from openinfinity.workspaces import roles
from openinfinity.workspaces.service import WorkspaceContext

_UNSET: Any = object()


def require_board_editor(ctx: WorkspaceContext) -> None:
    if not roles.sees_every_board(ctx.role):
        raise Forbidden("Restricted members may not create, change or delete boards.")


async def list_boards(session: AsyncSession, ctx: WorkspaceContext, params: PageParams) -> Page[Board]:
    return await paginate(
        session, visible_boards(ctx), params, id_column=Board.id, created_column=Board.created_at
    )


async def user_ids_of(session: AsyncSession, board_ids: Sequence[str]) -> dict[str, list[int]]:
    """`user_ids` of several boards in one query, each sorted."""
    result: dict[str, list[int]] = {board_id: [] for board_id in board_ids}
    if board_ids:
        rows = await session.execute(
            select(BoardUser.board_id, BoardUser.user_id)
            .where(BoardUser.board_id.in_(list(board_ids)))
            .order_by(BoardUser.board_id, BoardUser.user_id)
        )
        for board_id, user_id in rows.all():
            result[board_id].append(user_id)
    return result


async def _checked_user_ids(session: AsyncSession, ctx: WorkspaceContext, raw: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(raw))
    members = await member_ids(session, ctx.id)
    errors = {
        f"user_ids.{i}": [f"The selected user_ids.{i} is invalid."]
        for i, user_id in enumerate(ids)
        if user_id not in members
    }
    if errors:
        raise ValidationFailed(errors)
    return ids


def _name(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationFailed.required("name")
    return raw.strip()


async def create_board(
    session: AsyncSession,
    ctx: WorkspaceContext,
    *,
    name: str,
    description: str | None = None,
    color: str | None = None,
    user_ids: Iterable[int] = (),
    sort_order: Any = None,
) -> Board:
    """A new board after the workspace's last one; the creator always has access."""
    require_board_editor(ctx)
    clean_name = _name(name)
    ids = await _checked_user_ids(session, ctx, [ctx.user_id, *user_ids])
    if sort_order is None:
        current = await session.scalar(
            select(func.max(Board.sort_order)).where(Board.workspace_id == ctx.id, live(Board))
        )
        order = next_after(current)
    else:
        order = parse_sort_order(sort_order)
    board = Board(
        workspace_id=ctx.id,
        name=clean_name,
        description=description,
        color=color,
        sort_order=order,
        created_by=ctx.user_id,
    )
    session.add(board)
    await session.flush()
    session.add_all([BoardUser(board_id=board.id, user_id=user_id) for user_id in ids])
    await session.flush()
    _audit(session, ctx, "board.created", board)
    return board


def _audit(session: AsyncSession, ctx: WorkspaceContext, action: str, board: Board) -> None:
    recorder.audit(
        session,
        workspace_id=ctx.id,
        action=action,
        target_type="board",
        target_id=board.id,
        details={"name": board.name},
        principal=ctx.principal,
    )


@dataclass(slots=True)
class BoardChanges:
    name: Any = _UNSET
    description: Any = _UNSET
    color: Any = _UNSET
    user_ids: Any = _UNSET
    sort_order: Any = _UNSET


async def update_board(session: AsyncSession, board: BoardContext, changes: BoardChanges) -> Board:
    """Change the fields sent. `user_ids` replaces the access list; the creator keeps access."""
    ctx = board.workspace
    require_board_editor(ctx)
    row = await session.get_one(Board, board.id)
    name = row.name if changes.name is _UNSET or changes.name is None else _name(changes.name)
    order = row.sort_order if changes.sort_order in (_UNSET, None) else parse_sort_order(changes.sort_order)
    ids: list[int] | None = None
    if changes.user_ids is not _UNSET and changes.user_ids is not None:
        creator = [row.created_by] if row.created_by is not None else []
        ids = await _checked_user_ids(session, ctx, changes.user_ids)
        members = await member_ids(session, ctx.id)
        ids = list(dict.fromkeys([*[c for c in creator if c in members], *ids]))
    row.name = name
    row.sort_order = order
    if changes.description is not _UNSET:
        row.description = changes.description
    if changes.color is not _UNSET:
        row.color = changes.color
    row.updated_at = utcnow()
    if ids is not None:
        await session.execute(delete(BoardUser).where(BoardUser.board_id == row.id))
        session.add_all([BoardUser(board_id=row.id, user_id=user_id) for user_id in ids])
    await session.flush()
    return row


async def delete_board(session: AsyncSession, board: BoardContext) -> Board:
    require_board_editor(board.workspace)
    row = await session.get_one(Board, board.id)
    soft_delete(row)
    await session.flush()
    _audit(session, board.workspace, "board.deleted", row)
    return row
