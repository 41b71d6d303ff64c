"""Builds the demo workspace once, in the caller's transaction; every start issues a fresh token
(tokens are stored hashed, so an old one cannot be shown again) and reports the kept sign-in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.auth import service as auth
from openinfinity.demo import customers, launch, vacation
from openinfinity.demo.common import member_context
from openinfinity.demo.launch import Team
from openinfinity.demo.signin import PASSWORD_FILE, ensure_password, kept_password
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.members import service as members
from openinfinity.workspaces import roles
from openinfinity.workspaces import service as workspaces

DEMO_EMAIL = "demo@openinfinity.local"
DEMO_NAME = "Damian Peterson"
DEMO_WORKSPACE = "Customer Success"
# The demo user's colleagues: (e-mail, name, role). They cannot sign in (no password).
COLLEAGUES = (
    ("priya.shah@openinfinity.local", "Priya Shah", roles.ADMIN),
    ("tom.becker@openinfinity.local", "Tom Becker", roles.FULL_MEMBER),
)


@dataclass(frozen=True)
class DemoAccount:
    user_id: int
    workspace_id: int
    token: str
    created: bool
    email: str
    # None when the demo user has since chosen another password.
    password: str | None


async def load(
    session: AsyncSession, runtime: AttachmentsRuntime, *, password_file: Path | None = None
) -> DemoAccount:
    password = kept_password(password_file or runtime.settings.data_dir / PASSWORD_FILE)
    user = await users.find_by_email(session, DEMO_EMAIL)
    if user is None:
        user = await users.create_user(session, email=DEMO_EMAIL, name=DEMO_NAME)
    usable = await ensure_password(session, user, password)
    workspace = await workspaces.find_owned(session, owner_id=user.id, name=DEMO_WORKSPACE)
    created = workspace is None
    if workspace is None:
        workspace = await workspaces.create(session, owner_id=user.id, name=DEMO_WORKSPACE)
        await populate(session, runtime, owner_id=user.id, workspace_id=workspace.id)
    _, raw = await auth.issue_token(session, user, name="demo")
    return DemoAccount(user.id, workspace.id, raw, created, DEMO_EMAIL, password if usable else None)


async def populate(
    session: AsyncSession, runtime: AttachmentsRuntime, *, owner_id: int, workspace_id: int
) -> None:
    """The team, then the boards: Product Launch, Customers (referring to launch tasks) and the
    hosted API's Vacation Planning example."""
    owner = await member_context(session, owner_id, workspace_id)
    joined = []
    for email, name, role in COLLEAGUES:
        colleague, _ = await users.get_or_create(session, email=email, name=name)
        # By e-mail, as a stranger is added (adding by id needs a shared workspace already).
        await members.invite(session, owner, email=email, role=role)
        joined.append(await member_context(session, colleague.id, workspace_id))
    team = Team(owner=owner, colleague=joined[0], designer=joined[1])
    today = date.today()
    launch_board = await launch.build(session, team, runtime, today=today)
    await customers.build(session, team, launch_board, today=today)
    await vacation.build(session, owner_id=owner_id, workspace_id=workspace_id)
