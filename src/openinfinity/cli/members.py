"""`openinfinity member add|list|remove|role`: workspace membership, acting as the workspace's
owner (the operator), through the same service and rules as the members API."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Workspace
from openinfinity.auth.principal import Principal
from openinfinity.cli.common import emit, in_transaction, settings
from openinfinity.core.errors import NotFound
from openinfinity.core.pagination import PageParams
from openinfinity.members import service as members
from openinfinity.workspaces import roles
from openinfinity.workspaces.rows import WorkspaceRow
from openinfinity.workspaces.service import WorkspaceContext

app = typer.Typer(help="Manage workspace members (as the workspace owner).", no_args_is_help=True)


class Role(StrEnum):
    admin = "admin"
    full_member = "full-member"
    restricted_member = "restricted-member"


WorkspaceOption = Annotated[int, typer.Option("--workspace", help="Workspace id")]
EmailOption = Annotated[str, typer.Option(help="The member's e-mail")]


async def as_owner(session: AsyncSession, workspace_id: int) -> WorkspaceContext:
    workspace = await session.get(Workspace, workspace_id)
    if workspace is None or workspace.deleted_at is not None:
        raise NotFound.of(f"Workspace {workspace_id}")
    principal = Principal(
        user_id=workspace.owner_id,
        token_id=None,
        scopes=frozenset(),
        workspace_id=None,
        is_instance_admin=True,
        kind="system",  # an operator's command: the audit log says so (docs/history.md)
    )
    return WorkspaceContext(workspace=WorkspaceRow.of(workspace), role=roles.OWNER, principal=principal)


async def _user(session: AsyncSession, email: str) -> User:
    user = await users.find_by_email(session, email)
    if user is None or user.deleted_at is not None:
        raise NotFound(f"No user with the e-mail {email}.")
    return user


async def describe(session: AsyncSession, workspace_id: int, user: User) -> dict[str, Any]:
    return {
        "user_id": user.id,
        "email": user.email,
        "name": user.name,
        "role": await members.role_of(session, workspace_id, user.id),
        "pending": user.pending,
    }


@app.command("list")
def list_members(workspace: WorkspaceOption) -> None:
    """Print the workspace's members as a JSON array."""

    async def work(session: AsyncSession) -> list[dict[str, Any]]:
        ctx = await as_owner(session, workspace)
        found: list[User] = []
        params = PageParams(limit=100, sort_by="id", sort_direction="asc")
        while True:
            page = await members.list_members(session, ctx, params)
            found += page.rows
            if not page.has_more:
                break
            params = PageParams(limit=100, sort_by="id", sort_direction="asc", after=page.after)
        return [await describe(session, workspace, user) for user in found]

    emit(in_transaction(settings(), work))


@app.command("add")
def add(workspace: WorkspaceOption, email: EmailOption, role: Role = Role.full_member) -> None:
    """Add a user (an unknown address becomes a pending, invited user), or change nothing if a member."""

    async def work(session: AsyncSession) -> dict[str, Any]:
        ctx = await as_owner(session, workspace)
        user = await members.invite(session, ctx, email=email, role=role.value)
        return await describe(session, workspace, user)

    emit(in_transaction(settings(), work))


@app.command("role")
def set_role(workspace: WorkspaceOption, email: EmailOption, role: Annotated[Role, typer.Option()]) -> None:
    """Change a member's role (the owner's role cannot change)."""

    async def work(session: AsyncSession) -> dict[str, Any]:
        ctx = await as_owner(session, workspace)
        user = await _user(session, email)
        if await members.role_of(session, workspace, user.id) is None:
            raise NotFound(f"{email} is not a member of workspace {workspace}.")
        await members.put_member(session, ctx, user_id=user.id, role=role.value)
        return await describe(session, workspace, user)

    emit(in_transaction(settings(), work))


@app.command("remove")
def remove(workspace: WorkspaceOption, email: EmailOption) -> None:
    """Remove a member (not the owner)."""

    async def work(session: AsyncSession) -> dict[str, Any]:
        ctx = await as_owner(session, workspace)
        user = await _user(session, email)
        await members.remove_member(session, ctx, user_id=user.id)
        return {"user_id": user.id, "email": user.email, "removed_from": workspace}

    emit(in_transaction(settings(), work))
