from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import Response

from openinfinity.auth.deps import scope_guard
from openinfinity.boards.deps import ContentBoard
from openinfinity.core.db import SessionDep
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.references import service
from openinfinity.references.schemas import (
    ItemReferenceRead,
    ReferenceCreate,
    ReferenceRead,
    present_item_reference,
    present_reference,
)
from openinfinity.workspaces.deps import CurrentWorkspace

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/references",
    tags=["References"],
)

# An item's references across the workspace's boards (the web app's item panel lists both ways).
workspace_router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/references",
    tags=["References"],
    dependencies=[Depends(scope_guard("content"))],
)

ReferenceId = Annotated[str, Path(description="The ID of the reference.", max_length=64)]
ItemFilter = Annotated[str | None, Query(max_length=64)]


@router.get("", responses={200: {"model": page_of(ReferenceRead)}}, summary="List references")
async def list_references(
    ctx: ContentBoard,
    page: Pagination,
    from_item_id: ItemFilter = None,
    to_item_id: ItemFilter = None,
    attribute_id: ItemFilter = None,
) -> Response:
    result = await service.list_references(
        ctx.session,
        ctx.board,
        page,
        from_item_id=from_item_id,
        to_item_id=to_item_id,
        attribute_id=attribute_id,
    )
    return ApiJSONResponse(result.envelope([present_reference(r) for r in result.rows]))


@router.get("/{reference_id}", responses={200: {"model": ReferenceRead}}, summary="Get reference")
async def get_reference(ctx: ContentBoard, reference_id: ReferenceId) -> Response:
    return ApiJSONResponse(
        present_reference(await service.get_reference(ctx.session, ctx.board, reference_id))
    )


@router.post(
    "",
    status_code=201,
    responses={201: {"model": ReferenceRead}, 200: {"model": ReferenceRead}},
    summary="Create reference (an identical existing reference is returned with 200)",
)
async def create_reference(ctx: ContentBoard, body: ReferenceCreate) -> Response:
    reference, created = await service.create(
        ctx.session,
        ctx.board,
        attribute_id=body.attribute_id,
        from_item_id=body.from_item_id,
        to_item_id=body.to_item_id,
    )
    return ApiJSONResponse(present_reference(reference), status_code=201 if created else 200)


@router.delete("/{reference_id}", responses={200: {"model": DeletedRead}}, summary="Delete reference")
async def delete_reference(ctx: ContentBoard, reference_id: ReferenceId) -> Response:
    reference = await service.get_reference(ctx.session, ctx.board, reference_id)
    return ApiJSONResponse(present_deleted((await service.delete(ctx.session, reference)).id, "reference"))


@workspace_router.get(
    "",
    responses={200: {"model": page_of(ItemReferenceRead)}},
    summary="List references on every board you can see (with item_id: from and to that item)",
)
async def list_workspace_references(
    session: SessionDep,
    ctx: CurrentWorkspace,
    page: Pagination,
    item_id: Annotated[
        str | None, Query(max_length=64, description="Only those from or to this item")
    ] = None,
) -> Response:
    result, boards = await service.list_in_workspace(session, ctx, page, item_id=item_id or None)
    return ApiJSONResponse(result.envelope([present_item_reference(r, boards) for r in result.rows]))
