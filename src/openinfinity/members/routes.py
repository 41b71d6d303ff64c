from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.responses import Response

from openinfinity.accounts.users.models import User
from openinfinity.appstate import app_state
from openinfinity.auth import invitations
from openinfinity.auth.deps import scope_guard
from openinfinity.core.bounds import parse_db_id
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import NotFound
from openinfinity.core.expand import expand_param
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import page_of
from openinfinity.core.urls import base_url
from openinfinity.mail import messages
from openinfinity.members import service
from openinfinity.members.schemas import (
    INVITE_EXPAND,
    MEMBER_EXPAND,
    MemberInvite,
    MemberUpdate,
    present_invitation,
    present_membership,
)
from openinfinity.users.schemas import UserRead, present_user
from openinfinity.workspaces.deps import CurrentWorkspace
from openinfinity.workspaces.service import WorkspaceContext

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}",
    tags=["Members"],
    dependencies=[Depends(scope_guard("members"))],
)

UserId = Annotated[str, Path(description="User ID", max_length=32)]
MemberExpand = Annotated[frozenset[str], Depends(expand_param(*MEMBER_EXPAND))]
InviteExpand = Annotated[frozenset[str], Depends(expand_param(*INVITE_EXPAND))]


def _user_id(raw: str) -> int:
    user_id = parse_db_id(raw)
    if user_id is None:
        raise NotFound.of("User")
    return user_id


async def _present(
    request: Request,
    session: AsyncSession,
    ctx: WorkspaceContext,
    users: list[User],
    expand: frozenset[str],
) -> list[dict[str, Any]]:
    """The hosted API's user objects, plus `membership` when asked for."""
    base = base_url(request)
    data = [present_user(u, base) for u in users]
    if "membership" in expand:
        roles = await service.roles_of(session, ctx.id, [u.id for u in users])
        for row, user in zip(data, users, strict=True):
            row["membership"] = present_membership(user, roles.get(user.id))
    return data


async def _list(
    request: Request, session: SessionDep, ctx: CurrentWorkspace, page: Pagination, expand: MemberExpand
) -> Response:
    result = await service.list_members(session, ctx, page)
    return ApiJSONResponse(result.envelope(await _present(request, session, ctx, result.rows, expand)))


router.add_api_route(
    "/users", _list, methods=["GET"], summary="List users", responses={200: {"model": page_of(UserRead)}}
)
router.add_api_route(
    "/members",
    _list,
    methods=["GET"],
    summary="List members (`expand[]=membership` adds each one's role)",
    responses={200: {"model": page_of(UserRead)}},
    operation_id="list_members",
)


@router.post(
    "/members/invite",
    responses={200: {"model": UserRead}},
    summary="Invite member (`expand[]=invitation` returns the sign-up link of a new user)",
)
async def invite_member(
    request: Request,
    session: SessionDep,
    ctx: CurrentWorkspace,
    body: MemberInvite,
    expand: InviteExpand,
    background: BackgroundTasks,
) -> Response:
    user = await service.invite(session, ctx, email=str(body.email), role=body.role)
    issued = None
    if user.pending:
        # The single-use link is logged, handed to the inviting owner or admin (invite requires
        # that role) when they ask for it, and mailed when SMTP is configured.
        settings = app_state(request).settings
        issued = await invitations.issue_and_log(
            session,
            user,
            base_url=settings.base_url,
            days=settings.invitation_days,
            workspace_id=ctx.id,
            invited_by=ctx.user_id,
        )
        mailer = app_state(request).mailer
        if mailer is not None:
            # A background task runs after the response, so after the transaction committed.
            subject, text = messages.invitation(
                url=issued.url, expires_at=issued.expires_at, instance=settings.base_url
            )
            background.add_task(mailer.send, to=user.email, subject=subject, text=text)
    [data] = await _present(request, session, ctx, [user], expand)
    if "invitation" in expand:
        data["invitation"] = present_invitation(issued)
    return ApiJSONResponse(data, background=background)


@router.put("/members/{user}", responses={200: {"model": UserRead}}, summary="Add member or change role")
@router.patch("/members/{user}", responses={200: {"model": UserRead}}, summary="Change a member's role")
async def put_member(
    request: Request,
    session: SessionDep,
    ctx: CurrentWorkspace,
    user: UserId,
    expand: MemberExpand,
    body: MemberUpdate | None = None,
) -> Response:
    role = body.role if body else None
    added = await service.put_member(session, ctx, user_id=_user_id(user), role=role)
    [data] = await _present(request, session, ctx, [added], expand)
    return ApiJSONResponse(data)


@router.delete("/members/{user}", responses={200: {"model": UserRead}}, summary="Remove member")
async def remove_member(
    request: Request, session: SessionDep, ctx: CurrentWorkspace, user: UserId
) -> Response:
    removed = await service.remove_member(session, ctx, user_id=_user_id(user))
    return ApiJSONResponse(present_user(removed, base_url(request)))
