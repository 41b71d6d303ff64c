"""Builds the demo account once; every start issues a fresh token (tokens are stored hashed,
so an old one cannot be shown again)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.auth import service as auth
from openinfinity.users import service as users
from openinfinity.workspaces import service as workspaces

DEMO_EMAIL = "damianpeterson@openinfinity.local"
DEMO_NAME = "Damian Peterson"
DEMO_WORKSPACE = "Customer Success"


@dataclass(frozen=True)
class DemoAccount:
    user_id: int
    workspace_id: int
    token: str
    created: bool


async def load(session: AsyncSession) -> DemoAccount:
    user = await users.find_by_email(session, DEMO_EMAIL)
    if user is None:
        user = await users.create_user(session, email=DEMO_EMAIL, name=DEMO_NAME)
    workspace = await workspaces.find_owned(session, owner_id=user.id, name=DEMO_WORKSPACE)
    created = workspace is None
    if workspace is None:
        workspace = await workspaces.create(session, owner_id=user.id, name=DEMO_WORKSPACE)
        await populate(session, owner_id=user.id, workspace_id=workspace.id)
    _, raw = await auth.issue_token(session, user, name="demo")
    return DemoAccount(user.id, workspace.id, raw, created)


async def populate(session: AsyncSession, *, owner_id: int, workspace_id: int) -> None:
    """Boards, folders, attributes and items of the demo workspace (see demo/vacation.py)."""
    from openinfinity.demo import content

    await content.build(session, owner_id=owner_id, workspace_id=workspace_id)
