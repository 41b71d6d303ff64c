from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path
from starlette.responses import Response

from openinfinity.boards.deps import ContentBoard
from openinfinity.comments import service
from openinfinity.comments.deps import CommentItem
from openinfinity.comments.schemas import CommentRead, CommentWrite
from openinfinity.core import multiaction
from openinfinity.core.expand import expand_param
from openinfinity.core.headers import last_modified
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.items.present import Presenting

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/items/{item_id}/comments",
    tags=["Comments"],
)

Expand = Annotated[frozenset[str], Depends(expand_param("created_by", "item", "item.values"))]
CommentId = Annotated[str, Path(description="The ID of the comment.", max_length=64)]


@router.get("", responses={200: {"model": page_of(CommentRead)}}, summary="List comments")
async def list_comments(
    ctx: ContentBoard,
    item: CommentItem,
    page: Pagination,
    expand: Expand,
) -> Response:
    result = await service.list_comments(ctx.session, item, page)
    data = await service.present_many(
        ctx.session, ctx.board, result.rows, item, expand, Presenting.for_request(ctx.request, ctx.board)
    )
    return ApiJSONResponse(result.envelope(data))


@router.get("/{comment_id}", responses={200: {"model": CommentRead}}, summary="Get comment")
async def get_comment(
    ctx: ContentBoard,
    item: CommentItem,
    comment_id: CommentId,
    expand: Expand,
) -> Response:
    comment = await service.get_comment(ctx.session, item, comment_id)
    data = await service.present_many(
        ctx.session, ctx.board, [comment], item, expand, Presenting.for_request(ctx.request, ctx.board)
    )
    return ApiJSONResponse(data[0], headers=last_modified(comment.updated_at))


@router.post(
    "",
    status_code=201,
    responses={201: {"model": CommentRead}, 200: {"model": CommentRead | DeletedRead}},
    summary="Create comment (multi-action: an existing id updates, deleted_at deletes)",
    description=multiaction.RULE,
)
async def create_comment(
    ctx: ContentBoard,
    item: CommentItem,
    body: CommentWrite,
    expand: Expand,
) -> Response:
    result = await service.multi_action(ctx.session, ctx.board, item, body)
    if result.deleted:
        return ApiJSONResponse(present_deleted(result.record.id, "comment"))
    data = await service.present_many(
        ctx.session, ctx.board, [result.record], item, expand, Presenting.for_request(ctx.request, ctx.board)
    )
    return ApiJSONResponse(data[0], status_code=201 if result.created else 200)


@router.put("/{comment_id}", responses={200: {"model": CommentRead}}, summary="Update comment")
@router.patch("/{comment_id}", responses={200: {"model": CommentRead}}, summary="Update comment")
async def update_comment(
    ctx: ContentBoard,
    item: CommentItem,
    comment_id: CommentId,
    expand: Expand,
    body: Annotated[CommentWrite | None, Body()] = None,
) -> Response:
    comment = await service.get_comment(ctx.session, item, comment_id)
    comment = await service.update(ctx.session, ctx.board, item, comment, body or CommentWrite())
    data = await service.present_many(
        ctx.session, ctx.board, [comment], item, expand, Presenting.for_request(ctx.request, ctx.board)
    )
    return ApiJSONResponse(data[0])


@router.delete("/{comment_id}", responses={200: {"model": DeletedRead}}, summary="Delete comment")
async def delete_comment(ctx: ContentBoard, item: CommentItem, comment_id: CommentId) -> Response:
    comment = await service.get_comment(ctx.session, item, comment_id)
    comment = await service.delete(ctx.session, ctx.board, item, comment)
    return ApiJSONResponse(present_deleted(comment.id, "comment"))
