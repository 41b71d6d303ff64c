from __future__ import annotations

import hashlib
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.accounts.users import service as users
from openinfinity.auth import service as auth
from openinfinity.auth.models import AccessToken
from openinfinity.core.models import utcnow
from tests import factories
from tests.factories import Account

UNAUTHENTICATED = {"message": "Unauthenticated.", "code": "general/unauthorised"}


async def test_missing_token_is_401_in_the_hosted_wording(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v2/workspaces")
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response.headers["www-authenticate"] == "Bearer"


async def test_unknown_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v2/profile", headers={"Authorization": "Bearer oi_pat_nope"})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_x_api_token_header_and_sloppy_bearer_both_authenticate(
    client: httpx.AsyncClient, owner: Account
) -> None:
    for headers in (
        {"x-api-token": owner.token},
        {"Authorization": f"  Bearer    {owner.token}  "},
        {"Authorization": f"bearer {owner.token}"},
    ):
        response = await client.get("/api/v2/profile", headers=headers)
        assert response.status_code == 200, headers
        assert response.json()["id"] == owner.user_id


async def test_token_is_stored_only_as_its_hash(app: FastAPI, owner: Account) -> None:
    async with app.state.db.transaction(write=False) as session:
        rows = (await session.scalars(select(AccessToken).where(AccessToken.user_id == owner.user_id))).all()
    assert len(rows) == 1
    row = rows[0]
    assert row.token_hash == hashlib.sha256(owner.token.encode()).hexdigest()
    stored = " ".join(str(getattr(row, c.key)) for c in AccessToken.__table__.columns)
    assert owner.token not in stored
    assert owner.token.startswith(row.prefix) and len(row.prefix) < 16


async def test_revoked_token_stops_working(app: FastAPI, client: httpx.AsyncClient, owner: Account) -> None:
    assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 200
    async with app.state.db.transaction() as session:
        rows = await auth.list_tokens(session, owner.user_id)
        await auth.revoke_token(session, rows[0].id)
    app.state.token_cache.clear()  # revocation through the CLI reaches servers within the cache TTL
    response = await client.get("/api/v2/profile", headers=owner.headers)
    assert response.status_code == 401


async def test_expired_token_is_401(app: FastAPI, client: httpx.AsyncClient, owner: Account) -> None:
    async with app.state.db.transaction() as session:
        user = await users.get_user(session, owner.user_id)
        _, raw = await auth.issue_token(session, user, name="old", expires_at=utcnow() - timedelta(seconds=1))
    response = await client.get("/api/v2/profile", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401


async def test_last_used_is_recorded(app: FastAPI, client: httpx.AsyncClient, owner: Account) -> None:
    await client.get("/api/v2/profile", headers=owner.headers)
    async with app.state.db.transaction(write=False) as session:
        row = await session.scalar(select(AccessToken).where(AccessToken.user_id == owner.user_id))
    assert row is not None and row.last_used_at is not None


async def test_token_without_members_scope_cannot_invite(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    raw = await factories.token(app, owner.user_id, scopes=["read", "write"])
    response = await client.post(
        owner.ws("/members/invite"),
        json={"email": "x@example.com"},
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "general/forbidden"
    assert "members" in response.json()["message"]
    assert "insufficient_scope" in response.headers["www-authenticate"]
    # and nothing was written
    members = await client.get(owner.ws("/members"), headers=owner.headers)
    assert [u["email"] for u in members.json()["data"]] == [owner.email]


async def test_workspace_restricted_token_sees_only_its_workspace(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    other = await client.post("/api/v2/workspaces", json={"name": "Second"}, headers=owner.headers)
    raw = await factories.token(app, owner.user_id, workspace_id=owner.workspace_id)
    headers = {"Authorization": f"Bearer {raw}"}
    listed = await client.get("/api/v2/workspaces", headers=headers)
    assert [w["id"] for w in listed.json()["data"]] == [owner.workspace_id]
    hidden = await client.get(f"/api/v2/workspaces/{other.json()['id']}", headers=headers)
    assert hidden.status_code == 404
