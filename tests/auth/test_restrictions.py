"""Workspace-restricted tokens, expiry, and the scope rules on existing routers."""

from __future__ import annotations

from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from openinfinity.auth.models import AccessToken
from openinfinity.core.models import utcnow
from tests import factories
from tests.factories import Account


async def test_restricted_token_sees_only_its_workspace(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    second = (await client.post("/api/v2/workspaces", json={"name": "Second"}, headers=owner.headers)).json()
    restricted = await factories.token(app, owner.user_id, workspace_id=owner.workspace_id)
    headers = {"Authorization": f"Bearer {restricted}"}
    listed = await client.get("/api/v2/workspaces", headers=headers)
    assert [w["id"] for w in listed.json()["data"]] == [owner.workspace_id]
    assert (await client.get(f"/api/v2/workspaces/{owner.workspace_id}", headers=headers)).status_code == 200
    for path in ("", "/members", "/users"):
        hidden = await client.get(f"/api/v2/workspaces/{second['id']}{path}", headers=headers)
        assert hidden.status_code == 404, path
    # The unrestricted token sees both.
    everything = await client.get("/api/v2/workspaces", headers=owner.headers)
    assert {w["id"] for w in everything.json()["data"]} == {owner.workspace_id, second["id"]}


async def test_expired_token_is_401(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    raw = await factories.token(app, owner.user_id)
    async with app.state.db.transaction() as session:
        await session.execute(
            update(AccessToken)
            .where(AccessToken.user_id == owner.user_id, AccessToken.name == "extra")
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    response = await client.get("/api/v2/profile", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401 and response.json()["code"] == "general/unauthorised"


async def test_invite_needs_members_scope_even_with_write(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    raw = await factories.token(app, owner.user_id, scopes=["read", "write"])
    response = await client.post(
        owner.ws("/members/invite"),
        json={"email": "new@example.com"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 403
    assert response.json() == {
        "message": "This token lacks the 'members' scope.",
        "code": "general/forbidden",
    }
    assert response.headers["www-authenticate"] == 'Bearer error="insufficient_scope", scope="members"'
    read_only = await factories.token(app, owner.user_id, scopes=["read"])
    created = await client.post(
        "/api/v2/workspaces", json={"name": "Nope"}, headers={"Authorization": f"Bearer {read_only}"}
    )
    assert created.status_code == 403 and "'write'" in created.json()["message"]
