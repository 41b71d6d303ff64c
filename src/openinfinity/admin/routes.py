"""`/api/v2/admin/...`: the admin API (scope family "admin": the token needs the `admin` scope and
its user the instance-admin flag). The same token works on the client API."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from starlette.responses import Response

from openinfinity.admin import service
from openinfinity.admin.schemas import (
    AdminUserCreate,
    AdminUserRead,
    AdminUserUpdate,
    AdminWorkspaceRead,
    present_admin_user,
    present_admin_workspace,
)
from openinfinity.appstate import app_state
from openinfinity.auth import accounts
from openinfinity.auth.deps import scope_guard
from openinfinity.auth.principal import Principal
from openinfinity.auth.routes import parse_id
from openinfinity.auth.schemas import AdminTokenRead, present_admin_token
from openinfinity.core.bounds import ID_MAX
from openinfinity.core.db import SessionDep
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import page_of
from openinfinity.core.urls import base_url
from openinfinity.history import service as history
from openinfinity.history.schemas import AuditEntryRead, present_audit_entry
from openinfinity.hooks import service as hooks
from openinfinity.hooks.schemas import AdminHookRead, present_admin_hook
from openinfinity.transfer import jobs
from openinfinity.transfer.schemas import ImportCreate, ImportRead, present_import


async def admin_principal(principal: Annotated[Principal, Depends(scope_guard("admin"))]) -> Principal:
    service.require_admin(principal)
    return principal


router = APIRouter(prefix="/api/v2/admin", tags=["Admin"], dependencies=[Depends(scope_guard("admin"))])

Admin = Annotated[Principal, Depends(admin_principal)]
UserId = Annotated[str, Path(description="User ID", max_length=32)]
TokenId = Annotated[str, Path(description="Token ID", max_length=32)]


@router.get("/users", responses={200: {"model": page_of(AdminUserRead)}}, summary="List users")
async def list_users(request: Request, session: SessionDep, _: Admin, page: Pagination) -> Response:
    result = await service.list_users(session, page)
    return ApiJSONResponse(result.envelope([present_admin_user(u, base_url(request)) for u in result.rows]))


@router.post("/users", status_code=201, responses={201: {"model": AdminUserRead}}, summary="Create a user")
async def create_user(request: Request, session: SessionDep, _: Admin, body: AdminUserCreate) -> Response:
    user = await accounts.create_account(
        session,
        email=str(body.email),
        name=body.name,
        password=body.password,
        is_instance_admin=body.is_instance_admin,
    )
    return ApiJSONResponse(present_admin_user(user, base_url(request)), status_code=201)


async def _user_by_email(request: Request, session: SessionDep, _: Admin, email: str) -> Response:
    user = await service.user_by_email(session, email)
    return ApiJSONResponse(present_admin_user(user, base_url(request)))


# Seed 004: e-mail addresses are percent-encoded (`%40`, `%2B`, `%2E`) and may carry a trailing slash.
router.add_api_route(
    "/users/email/{email}",
    _user_by_email,
    methods=["GET"],
    summary="Get a user by e-mail",
    responses={200: {"model": AdminUserRead}},
)
router.add_api_route(
    "/users/email/{email}/",
    _user_by_email,
    methods=["GET"],
    include_in_schema=False,
    operation_id="user_by_email_slash",
)


@router.get("/users/{user}", responses={200: {"model": AdminUserRead}}, summary="Get a user")
async def get_user(request: Request, session: SessionDep, _: Admin, user: UserId) -> Response:
    row = await service.get_user(session, parse_id(user, "User"))
    return ApiJSONResponse(present_admin_user(row, base_url(request)))


@router.patch(
    "/users/{user}", responses={200: {"model": AdminUserRead}}, summary="Update or deactivate a user"
)
@router.put("/users/{user}", responses={200: {"model": AdminUserRead}}, summary="Update or deactivate a user")
async def update_user(
    request: Request, session: SessionDep, principal: Admin, user: UserId, body: AdminUserUpdate
) -> Response:
    row = await service.get_user(session, parse_id(user, "User"))
    row = await service.update_user(
        session, principal, row, **body.model_dump(exclude_unset=True, exclude_none=True)
    )
    return ApiJSONResponse(present_admin_user(row, base_url(request)))


@router.get(
    "/workspaces", responses={200: {"model": page_of(AdminWorkspaceRead)}}, summary="List all workspaces"
)
async def list_workspaces(session: SessionDep, _: Admin, page: Pagination) -> Response:
    result, members, items = await service.list_workspaces(session, page)
    return ApiJSONResponse(
        result.envelope(
            [present_admin_workspace(w, members.get(w.id, 0), items.get(w.id, 0)) for w in result.rows]
        )
    )


@router.get("/tokens", responses={200: {"model": page_of(AdminTokenRead)}}, summary="List active tokens")
async def list_tokens(
    session: SessionDep,
    _: Admin,
    page: Pagination,
    user_id: Annotated[int | None, Query(ge=1, le=ID_MAX)] = None,
) -> Response:
    result = await service.list_tokens(session, page, user_id=user_id)
    return ApiJSONResponse(result.envelope([present_admin_token(t) for t in result.rows]))


@router.delete("/tokens/{token_id}", responses={200: {"model": AdminTokenRead}}, summary="Revoke a token")
async def revoke_token(session: SessionDep, _: Admin, token_id: TokenId) -> Response:
    row = await service.revoke_token(session, parse_id(token_id, "Token"))
    return ApiJSONResponse(present_admin_token(row))


@router.get("/hooks", responses={200: {"model": page_of(AdminHookRead)}}, summary="List all webhooks")
async def list_hooks(session: SessionDep, _: Admin, page: Pagination) -> Response:
    result = await hooks.list_all(session, page)
    failures = await hooks.last_failures(session, [h.id for h in result.rows])
    return ApiJSONResponse(result.envelope([present_admin_hook(h, failures.get(h.id)) for h in result.rows]))


@router.get(
    "/workspaces/{workspace_id}/audit",
    responses={200: {"model": page_of(AuditEntryRead)}},
    summary="List a workspace's audit log",
)
async def list_workspace_audit(
    session: SessionDep,
    _: Admin,
    workspace_id: Annotated[str, Path(description="Workspace ID", max_length=32)],
    page: Pagination,
    action: Annotated[
        str | None, Query(max_length=64, description="Exact action, or a prefix ending in '.'")
    ] = None,
) -> Response:
    workspace = await service.get_workspace(session, parse_id(workspace_id, "Workspace"))
    result = await history.list_audit(session, workspace.id, page, action=action)
    return ApiJSONResponse(result.envelope([present_audit_entry(row) for row in result.rows]))


def _jobs(request: Request) -> jobs.Jobs:
    state = app_state(request)
    running = state.transfer_jobs
    if running is None:
        running = state.transfer_jobs = jobs.Jobs()
    return running


@router.post(
    "/imports",
    status_code=202,
    responses={202: {"model": ImportRead}},
    summary="Start importing a workspace from another Infinity API v2 server (a background job)",
)
async def create_import(request: Request, _: Admin, body: ImportCreate) -> Response:
    state = app_state(request)
    run = await _jobs(request).start(
        state.db,
        state.attachments_runtime(),
        jobs.RemoteImport(
            body.url,
            body.token,
            body.workspace_id,
            body.into,
            body.rate_per_minute,
            allow_private=state.settings.allow_private_urls,
        ),
    )
    return ApiJSONResponse(present_import(run), status_code=202)


@router.get(
    "/imports/{import_id}", responses={200: {"model": ImportRead}}, summary="Get an import and its progress"
)
async def get_import(
    session: SessionDep, _: Admin, import_id: Annotated[str, Path(max_length=64)]
) -> Response:
    return ApiJSONResponse(present_import(await jobs.get_run(session, import_id)))
