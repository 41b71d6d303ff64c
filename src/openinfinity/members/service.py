"""Workspace membership: list, invite (creating pending users), add, change role, remove."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from openinfinity.accounts.users import service as users
from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.core import history as recorder
from openinfinity.core.errors import Forbidden, NotFound
from openinfinity.core.inlist import in_values
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live
from openinfinity.workspaces import roles
from openinfinity.workspaces.service import WorkspaceContext


async def list_members(session: AsyncSession, ctx: WorkspaceContext, params: PageParams) -> Page[User]:
    stmt = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == ctx.id, live(User))
    )
    return await paginate(session, stmt, params, id_column=User.id, created_column=User.created_at)


async def member_ids(session: AsyncSession, workspace_id: int) -> set[int]:
    rows = await session.scalars(select(Membership.user_id).where(Membership.workspace_id == workspace_id))
    return set(rows.all())


async def directory(session: AsyncSession, workspace_id: int) -> list[tuple[int, str, str]]:
    """(user id, name, e-mail) of every member of the workspace: how people are named in a CSV."""
    rows = await session.execute(
        select(User.id, User.name, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.workspace_id == workspace_id)
        .order_by(User.id)
    )
    return [(user_id, name or "", email or "") for user_id, name, email in rows]


async def roles_of(session: AsyncSession, workspace_id: int, user_ids: list[int]) -> dict[int, str]:
    """Each listed user's role in the workspace (members only)."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(Membership.user_id, Membership.role).where(
            Membership.workspace_id == workspace_id,
            in_values(session.get_bind().dialect.name, Membership.user_id, user_ids),
        )
    )
    return {user_id: role for user_id, role in rows}


async def shares_a_workspace(session: AsyncSession, user_id: int, other_id: int) -> bool:
    """Whether the two users are members of one same (not deleted) workspace."""
    mine = aliased(Membership)
    theirs = aliased(Membership)
    found = await session.scalar(
        select(mine.workspace_id)
        .join(theirs, theirs.workspace_id == mine.workspace_id)
        .join(Workspace, Workspace.id == mine.workspace_id)
        .where(mine.user_id == user_id, theirs.user_id == other_id, live(Workspace))
        .limit(1)
    )
    return found is not None


async def role_of(session: AsyncSession, workspace_id: int, user_id: int) -> str | None:
    membership = await session.get(Membership, (workspace_id, user_id))
    return membership.role if membership else None


async def invite(session: AsyncSession, ctx: WorkspaceContext, *, email: str, role: str) -> User:
    """Invite by e-mail; an unknown address becomes a pending user. Re-inviting is not an error
    and leaves an existing member's role as it is."""
    ctx.require_member_manager()
    user, _ = await users.get_or_create(session, email=email)
    if await session.get(Membership, (ctx.id, user.id)) is None:
        session.add(Membership(workspace_id=ctx.id, user_id=user.id, role=role))
        await session.flush()
        _audit(session, ctx, "member.invited", user.id, {"email": user.email, "role": role})
    return user


async def put_member(session: AsyncSession, ctx: WorkspaceContext, *, user_id: int, role: str | None) -> User:
    """Add an existing user to the workspace, or change a member's role.

    Only a user who already shares a workspace with the caller can be added by id; anyone else is
    "not found", exactly like an id that does not exist. Otherwise ids 1..n would list every
    account's name and e-mail and enrol them (strangers are invited by e-mail instead)."""
    ctx.require_member_manager()
    membership = await session.get(Membership, (ctx.id, user_id))
    if membership is None and not await shares_a_workspace(session, ctx.user_id, user_id):
        raise NotFound.of("User")
    user = await users.get_user(session, user_id)
    if membership is None:
        added = role or roles.DEFAULT_ROLE
        session.add(Membership(workspace_id=ctx.id, user_id=user.id, role=added))
        _audit(session, ctx, "member.added", user.id, {"role": added})
    elif role is not None and role != membership.role:
        if membership.role == roles.OWNER:
            raise Forbidden("The workspace owner's role cannot be changed.")
        if ctx.role != roles.OWNER and (membership.role == roles.ADMIN or role == roles.ADMIN):
            raise Forbidden("Only the workspace owner may grant or withdraw the admin role.")
        _audit(session, ctx, "member.role_changed", user.id, {"old": membership.role, "new": role})
        membership.role = role
    await session.flush()
    return user


async def remove_member(session: AsyncSession, ctx: WorkspaceContext, *, user_id: int) -> User:
    ctx.require_member_manager()
    membership = await session.get(Membership, (ctx.id, user_id))
    if membership is None:
        raise NotFound.of("Member")
    if membership.role == roles.OWNER:
        raise Forbidden("The workspace owner cannot be removed.")
    if membership.role == roles.ADMIN and ctx.role != roles.OWNER:
        raise Forbidden("Only the workspace owner may remove an admin.")
    user = await users.get_user(session, user_id)
    _audit(session, ctx, "member.removed", user_id, {"role": membership.role})
    await session.delete(membership)
    await session.flush()
    return user


def _audit(
    session: AsyncSession, ctx: WorkspaceContext, action: str, user_id: int, details: dict[str, Any]
) -> None:
    recorder.audit(
        session,
        workspace_id=ctx.id,
        action=action,
        target_type="user",
        target_id=user_id,
        details=details,
        principal=ctx.principal,
    )
