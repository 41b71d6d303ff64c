from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.responses import Response

from openinfinity.auth.deps import scope_guard
from openinfinity.boards import service
from openinfinity.boards.deps import ContentBoard
from openinfinity.boards.schemas import BoardRead, BoardWrite, present_board
from openinfinity.core.db import SessionDep
from openinfinity.core.headers import last_modified
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.workspaces.deps import CurrentWorkspace

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards",
    tags=["Boards"],
)

# List and create are below the workspace, not a board: they keep the scope guard (the routes
# of one board take `ContentBoard`, which checks it itself).
ContentGuard = Depends(scope_guard("content"))


@router.get(
    "", dependencies=[ContentGuard], responses={200: {"model": page_of(BoardRead)}}, summary="List boards"
)
async def list_boards(session: SessionDep, ctx: CurrentWorkspace, page: Pagination) -> Response:
    result = await service.list_boards(session, ctx, page)
    users = await service.user_ids_of(session, [b.id for b in result.rows])
    return ApiJSONResponse(result.envelope([present_board(b, users[b.id]) for b in result.rows]))


@router.get("/{board_id}", responses={200: {"model": BoardRead}}, summary="Get board")
async def get_board(ctx: ContentBoard) -> Response:
    users = await service.user_ids_of(ctx.session, [ctx.board.id])
    return ApiJSONResponse(
        present_board(ctx.board.board, users[ctx.board.id]), headers=last_modified(ctx.board.board.updated_at)
    )


@router.post(
    "",
    dependencies=[ContentGuard],
    status_code=201,
    responses={201: {"model": BoardRead}},
    summary="Create board",
)
async def create_board(session: SessionDep, ctx: CurrentWorkspace, body: BoardWrite) -> Response:
    board = await service.create_board(
        session,
        ctx,
        name=body.name or "",
        description=body.description,
        color=body.color,
        user_ids=body.user_ids or (),
        sort_order=body.sort_order,
    )
    users = await service.user_ids_of(session, [board.id])
    return ApiJSONResponse(present_board(board, users[board.id]), status_code=201)


@router.put("/{board_id}", responses={200: {"model": BoardRead}}, summary="Update board")
@router.patch("/{board_id}", responses={200: {"model": BoardRead}}, summary="Update board")
async def update_board(ctx: ContentBoard, body: BoardWrite) -> Response:
    given = body.model_fields_set
    fields = ("name", "description", "color", "user_ids", "sort_order")
    changes = service.BoardChanges(**{k: getattr(body, k) for k in fields if k in given})
    row = await service.update_board(ctx.session, ctx.board, changes)
    users = await service.user_ids_of(ctx.session, [row.id])
    return ApiJSONResponse(present_board(row, users[row.id]))


@router.delete("/{board_id}", responses={200: {"model": DeletedRead}}, summary="Delete board")
async def delete_board(ctx: ContentBoard) -> Response:
    row = await service.delete_board(ctx.session, ctx.board)
    return ApiJSONResponse(present_deleted(row.id, "board"))
