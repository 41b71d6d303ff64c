from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.auth.principal import Principal
from openinfinity.core.db import core_execute
from openinfinity.core.errors import Forbidden, NotFound
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live
from openinfinity.workspaces import roles
from openinfinity.workspaces.rows import WORKSPACE_COLUMNS, WorkspaceRow


@dataclass(frozen=True, slots=True)
class WorkspaceContext:
    """A workspace the caller can see, with the caller's role in it. `workspace` is a frozen row;
    `rename` loads the ORM `Workspace` to change it."""

    workspace: WorkspaceRow
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


# Built once: the workspace's columns (read into a frozen row) and the caller's role.
_ACCESS = (
    select(*WORKSPACE_COLUMNS, Membership.role)
    .join(Membership, Membership.workspace_id == Workspace.id)
    .where(
        Workspace.id == bindparam("workspace_id", type_=Integer),
        live(Workspace),
        Membership.user_id == bindparam("user_id", type_=Integer),
    )
)


async def access(session: AsyncSession, principal: Principal, workspace_id: int) -> WorkspaceContext:
    """The workspace if the caller is a member and the token may see it; 404 otherwise."""
    if not principal.sees_workspace(workspace_id):
        raise NotFound.of("Workspace")
    params = {"workspace_id": workspace_id, "user_id": principal.user_id}
    row = (await core_execute(session, _ACCESS, params)).first()
    if row is None:
        raise NotFound.of("Workspace")
    return WorkspaceContext(workspace=WorkspaceRow.from_row(row[:-1]), role=row[-1], principal=principal)


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
    workspace = await session.get_one(Workspace, ctx.id)
    workspace.name = name
    await session.flush()
    return workspace
