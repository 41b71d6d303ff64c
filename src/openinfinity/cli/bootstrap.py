"""`openinfinity bootstrap`'s work as a function: the browser-test harness makes its accounts with
it too, in-process (a CLI start costs seconds; tests make an account each)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.auth import accounts
from openinfinity.auth import service as auth
from openinfinity.workspaces import service as workspaces


async def ensure_account(
    session: AsyncSession, *, email: str, name: str, workspace: str, password: str | None = None
) -> dict[str, Any]:
    """The user (created when unknown; given `password` when set), a workspace of that name they
    own (created when missing) and a new default-scope token: `{user_id, workspace_id, token}`."""
    user = await users.find_by_email(session, email)
    if user is None:
        user = await users.create_user(session, email=email, name=name)
    if password is not None:
        await accounts.set_password(session, user, password)
    owned = await workspaces.find_owned(session, owner_id=user.id, name=workspace)
    if owned is None:
        owned = await workspaces.create(session, owner_id=user.id, name=workspace)
    _, raw = await auth.issue_token(session, user, name="bootstrap")
    return {"user_id": user.id, "workspace_id": owned.id, "token": raw}
