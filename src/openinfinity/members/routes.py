from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from starlette.responses import Response

from openinfinity.auth import invitations
from openinfinity.auth.deps import scope_guard
from openinfinity.core.bounds import parse_db_id
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import NotFound
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import page_of
from openinfinity.members import service
from openinfinity.members.schemas import MemberInvite, MemberUpdate
from openinfinity.users.schemas import UserRead, present_user
from openinfinity.workspaces.deps import CurrentWorkspace

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}",
    tags=["Members"],
    dependencies=[Depends(scope_guard("members"))],
)

UserId = Annotated[str, Path(description="User ID", max_length=32)]


def _user_id(raw: str) -> int:
    user_id = parse_db_id(raw)
    if user_id is None:
        raise NotFound.of("User")
    return user_id


def _base_url(request: Request) -> str:
    return str(request.app.state.settings.base_url)


async def _list(request: Request, session: SessionDep, ctx: CurrentWorkspace, page: Pagination) -> Response:
    result = await service.list_members(session, ctx, page)
    base = _base_url(request)
    return ApiJSONResponse(result.envelope([present_user(u, base) for u in result.rows]))


router.add_api_route(
    "/users", _list, methods=["GET"], summary="List users", responses={200: {"model": page_of(UserRead)}}
)
router.add_api_route(
    "/members",
    _list,
    methods=["GET"],
    summary="List members",
    responses={200: {"model": page_of(UserRead)}},
    operation_id="list_members",
)


@router.post("/members/invite", responses={200: {"model": UserRead}}, summary="Invite member")
async def invite_member(
    request: Request, session: SessionDep, ctx: CurrentWorkspace, body: MemberInvite
) -> Response:
    user = await service.invite(session, ctx, email=str(body.email), role=body.role)
    if user.pending:
        # The response keeps the hosted API's shape; the single-use link is logged instead
        # (and can be re-issued with `openinfinity user invite-link`).
        settings = request.app.state.settings
        await invitations.issue_and_log(
            session, user, base_url=settings.base_url, days=settings.invitation_days, workspace_id=ctx.id
        )
    return ApiJSONResponse(present_user(user, _base_url(request)))


@router.put("/members/{user}", responses={200: {"model": UserRead}}, summary="Add member or change role")
@router.patch("/members/{user}", responses={200: {"model": UserRead}}, summary="Change a member's role")
async def put_member(
    request: Request,
    session: SessionDep,
    ctx: CurrentWorkspace,
    user: UserId,
    body: MemberUpdate | None = None,
) -> Response:
    role = body.role if body else None
    added = await service.put_member(session, ctx, user_id=_user_id(user), role=role)
    return ApiJSONResponse(present_user(added, _base_url(request)))


@router.delete("/members/{user}", responses={200: {"model": UserRead}}, summary="Remove member")
async def remove_member(
    request: Request, session: SessionDep, ctx: CurrentWorkspace, user: UserId
) -> Response:
    removed = await service.remove_member(session, ctx, user_id=_user_id(user))
    return ApiJSONResponse(present_user(removed, _base_url(request)))
