from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.responses import Response

from openinfinity.auth.deps import CurrentPrincipal, scope_guard
from openinfinity.core.db import SessionDep
from openinfinity.core.headers import last_modified
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import page_of
from openinfinity.workspaces import service
from openinfinity.workspaces.deps import CurrentWorkspace
from openinfinity.workspaces.schemas import (
    WorkspaceCreate,
    WorkspaceRead,
    WorkspaceUpdate,
    present_workspace,
)

router = APIRouter(
    prefix="/api/v2/workspaces", tags=["Workspaces"], dependencies=[Depends(scope_guard("content"))]
)


@router.get("", responses={200: {"model": page_of(WorkspaceRead)}}, summary="List workspaces")
async def list_workspaces(session: SessionDep, principal: CurrentPrincipal, page: Pagination) -> Response:
    result = await service.list_for(session, principal, page)
    return ApiJSONResponse(result.envelope([present_workspace(w) for w in result.rows]))


@router.post("", status_code=201, responses={201: {"model": WorkspaceRead}}, summary="Create a workspace")
async def create_workspace(
    session: SessionDep, principal: CurrentPrincipal, body: WorkspaceCreate
) -> Response:
    workspace = await service.create(session, owner_id=principal.user_id, name=body.name)
    return ApiJSONResponse(present_workspace(workspace), status_code=201)


@router.get("/{workspace}", responses={200: {"model": WorkspaceRead}}, summary="Get a workspace")
async def get_workspace(ctx: CurrentWorkspace) -> Response:
    return ApiJSONResponse(present_workspace(ctx.workspace), headers=last_modified(ctx.workspace.updated_at))


@router.put("/{workspace}", responses={200: {"model": WorkspaceRead}}, summary="Rename a workspace")
@router.patch("/{workspace}", responses={200: {"model": WorkspaceRead}}, summary="Rename a workspace")
async def update_workspace(session: SessionDep, ctx: CurrentWorkspace, body: WorkspaceUpdate) -> Response:
    if body.name is None:
        return ApiJSONResponse(present_workspace(ctx.workspace))
    return ApiJSONResponse(present_workspace(await service.rename(session, ctx, name=body.name)))
