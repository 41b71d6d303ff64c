"""Test data made through the real service functions (never raw inserts)."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

from fastapi import FastAPI

from openinfinity.accounts.users import service as users
from openinfinity.accounts.workspaces.models import Membership
from openinfinity.auth import service as auth
from openinfinity.workspaces import service as workspaces

_counter = itertools.count(1)


@dataclass
class Account:
    user_id: int
    email: str
    name: str
    token: str
    workspace_id: int
    headers: dict[str, str] = field(default_factory=dict)

    def ws(self, path: str = "") -> str:
        return f"/api/v2/workspaces/{self.workspace_id}{path}"


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}{next(_counter)}-{uuid.uuid4().hex[:6]}@example.com"


async def account(
    app: FastAPI, *, name: str = "Damian Peterson", workspace_name: str = "Customer Success"
) -> Account:
    """A new user who owns a new workspace, with a token of the default scopes."""
    email = unique_email()
    async with app.state.db.transaction() as session:
        user = await users.create_user(session, email=email, name=name)
        workspace = await workspaces.create(session, owner_id=user.id, name=workspace_name)
        _, raw = await auth.issue_token(session, user, name="test")
    return Account(user.id, email, name, raw, workspace.id, {"Authorization": f"Bearer {raw}"})


async def member(
    app: FastAPI, workspace_id: int, *, role: str = "restricted-member", name: str = "Jane Doe"
) -> Account:
    """A new user with `role` in an existing workspace (and a workspace of their own)."""
    acct = await account(app, name=name, workspace_name="Own")
    async with app.state.db.transaction() as session:
        session.add(Membership(workspace_id=workspace_id, user_id=acct.user_id, role=role))
    return Account(acct.user_id, acct.email, name, acct.token, workspace_id, acct.headers)


async def token(
    app: FastAPI,
    user_id: int,
    *,
    scopes: list[str] | None = None,
    workspace_id: int | None = None,
) -> str:
    async with app.state.db.transaction() as session:
        user = await users.get_user(session, user_id)
        _, raw = await auth.issue_token(session, user, name="extra", scopes=scopes, workspace_id=workspace_id)
    return raw


async def acquaintance(app: FastAPI, of: Account, *, name: str = "Jane Doe") -> Account:
    """A new user who shares a workspace with `of` (their own, where `of` is a restricted member),
    so `of` may add them to other workspaces by id."""
    acct = await account(app, name=name, workspace_name="Shared")
    async with app.state.db.transaction() as session:
        session.add(Membership(workspace_id=acct.workspace_id, user_id=of.user_id, role="restricted-member"))
    return acct
