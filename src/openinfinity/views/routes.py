from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query
from starlette.responses import Response

from openinfinity.boards.deps import ContentBoard
from openinfinity.core import multiaction
from openinfinity.core.expand import expand_param
from openinfinity.core.headers import last_modified
from openinfinity.core.pagination import Pagination, ReturnTotal
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.items.filtering import grammar
from openinfinity.items.present import EXPAND_OPTIONS, Presenting
from openinfinity.views import query, service
from openinfinity.views.schemas import ViewItemsPage, ViewRead, ViewWrite, present_view

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/views",
    tags=["Views"],
)

ViewId = Annotated[str, Path(description="The ID of the view.", max_length=64)]
OptionalBody = Annotated[ViewWrite | None, Body()]
Expand = Annotated[frozenset[str], Depends(expand_param(*EXPAND_OPTIONS))]


def _body(body: ViewWrite | None) -> ViewWrite:
    return body if body is not None else ViewWrite()


@router.get("", responses={200: {"model": page_of(ViewRead)}}, summary="List views")
async def list_views(
    ctx: ContentBoard,
    page: Pagination,
    folder_id: Annotated[str | None, Query(max_length=64, description="Only views of this folder")] = None,
) -> Response:
    result = await service.list_views(ctx.session, ctx.board, page, folder_id=folder_id)
    return ApiJSONResponse(result.envelope([present_view(v) for v in result.rows]))


@router.get("/{view_id}", responses={200: {"model": ViewRead}}, summary="Get view")
async def get_view(ctx: ContentBoard, view_id: ViewId) -> Response:
    view = await service.get_view(ctx.session, ctx.board, view_id)
    return ApiJSONResponse(present_view(view), headers=last_modified(view.updated_at))


@router.get(
    "/{view_id}/items",
    responses={200: {"model": ViewItemsPage}},
    summary="Items of a view: its folder (and sub-folders), filtered and sorted by its settings",
    description=f"Keyset-paginated (`limit`, `after`, `before`; cursors are opaque). With `groupBy` "
    f"each item carries `group_key`.\n\n```\n{grammar.describe()}\n```",
)
async def view_items(
    ctx: ContentBoard,
    view_id: ViewId,
    expand: Expand,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    after: Annotated[str | None, Query(max_length=4096)] = None,
    before: Annotated[str | None, Query(max_length=4096)] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Only items matching every word (the items list's search); view order kept.",
        ),
    ] = None,
    return_: ReturnTotal = None,
) -> Response:
    view = await service.get_view(ctx.session, ctx.board, view_id)
    window = query.Window(limit=limit, after=after or None, before=before or None, total=return_ == "total")
    presenting = Presenting.for_request(ctx.request, ctx.board)
    data = await query.view_items(
        ctx.session, ctx.board, view, window, expand=expand, presenting=presenting, q=q
    )
    return ApiJSONResponse(data)


@router.post(
    "",
    status_code=201,
    responses={201: {"model": ViewRead}, 200: {"model": ViewRead | DeletedRead}},
    summary="Create view (multi-action: an existing id updates, deleted_at deletes)",
    description=f"{multiaction.RULE}\n\n`settings.filter` follows this grammar:\n\n"
    f"```\n{grammar.describe()}\n```",
)
async def create_view(ctx: ContentBoard, body: OptionalBody = None) -> Response:
    result = await service.multi_action(ctx.session, ctx.board, _body(body))
    if result.deleted:
        return ApiJSONResponse(present_deleted(result.record.id, "folderview"))
    return ApiJSONResponse(present_view(result.record), status_code=201 if result.created else 200)


@router.put("/{view_id}", responses={200: {"model": ViewRead}}, summary="Replace view (type required)")
async def put_view(ctx: ContentBoard, view_id: ViewId, body: OptionalBody = None) -> Response:
    view = await service.get_view(ctx.session, ctx.board, view_id)
    view = await service.update(ctx.session, ctx.board, view, _body(body), replace=True)
    return ApiJSONResponse(present_view(view))


@router.patch("/{view_id}", responses={200: {"model": ViewRead}}, summary="Update view")
async def patch_view(ctx: ContentBoard, view_id: ViewId, body: OptionalBody = None) -> Response:
    view = await service.get_view(ctx.session, ctx.board, view_id)
    view = await service.update(ctx.session, ctx.board, view, _body(body), replace=False)
    return ApiJSONResponse(present_view(view))


@router.delete("/{view_id}", responses={200: {"model": DeletedRead}}, summary="Delete view")
async def delete_view(ctx: ContentBoard, view_id: ViewId) -> Response:
    view = await service.get_view(ctx.session, ctx.board, view_id)
    return ApiJSONResponse(present_deleted((await service.delete(ctx.session, view)).id, "folderview"))
