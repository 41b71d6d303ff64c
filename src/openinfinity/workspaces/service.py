from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.auth.principal import Principal
from openinfinity.core.errors import Forbidden, NotFound
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live
from openinfinity.workspaces import roles


@dataclass(frozen=True, slots=True)
class WorkspaceContext:
    """A workspace the caller can see, with the caller's role in it."""

    workspace: Workspace
    role: str
    principal: Principal

    @property
    def id(self) -> int:
        return self.workspace.id

    @property
    def user_id(self) -> int:
        return self.principal.user_id

    def require_member_manager(self) -> None:
        if not roles.manages_members(self.role):
            raise Forbidden("Only the workspace owner and admins may manage members.")


async def access(session: AsyncSession, principal: Principal, workspace_id: int) -> WorkspaceContext:
    """The workspace if the caller is a member and the token may see it; 404 otherwise."""
    if not principal.sees_workspace(workspace_id):
        raise NotFound.of("Workspace")
    row = (
        await session.execute(
            select(Workspace, Membership.role)
            .join(Membership, Membership.workspace_id == Workspace.id)
            .where(
                Workspace.id == workspace_id,
                live(Workspace),
                Membership.user_id == principal.user_id,
            )
        )
    ).first()
    if row is None:
        raise NotFound.of("Workspace")
    return WorkspaceContext(workspace=row[0], role=row[1], principal=principal)


async def list_for(session: AsyncSession, principal: Principal, params: PageParams) -> Page[Workspace]:
    stmt = (
        select(Workspace)
        .join(Membership, Membership.workspace_id == Workspace.id)
        .where(Membership.user_id == principal.user_id, live(Workspace))
    )
    if principal.workspace_id is not None:
        stmt = stmt.where(Workspace.id == principal.workspace_id)
    return await paginate(session, stmt, params, id_column=Workspace.id, created_column=Workspace.created_at)


async def create(session: AsyncSession, *, owner_id: int, name: str) -> Workspace:
    workspace = Workspace(name=name, owner_id=owner_id)
    session.add(workspace)
    await session.flush()
    session.add(Membership(workspace_id=workspace.id, user_id=owner_id, role=roles.OWNER))
    await session.flush()
    return workspace


async def find_owned(session: AsyncSession, *, owner_id: int, name: str) -> Workspace | None:
    stmt = select(Workspace).where(Workspace.owner_id == owner_id, Workspace.name == name, live(Workspace))
    return await session.scalar(stmt.order_by(Workspace.id).limit(1))


async def rename(session: AsyncSession, ctx: WorkspaceContext, *, name: str) -> Workspace:
    if not roles.manages_members(ctx.role):
        raise Forbidden("Only the workspace owner and admins may rename the workspace.")
    ctx.workspace.name = name
    await session.flush()
    return ctx.workspace
