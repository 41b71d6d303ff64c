"""`/api/v2/profile/tokens`: create, list, revoke personal access tokens over the API."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.auth.models import AccessToken
from tests import factories
from tests.factories import Account

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")


async def test_create_list_revoke(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    created = await client.post(
        "/api/v2/profile/tokens",
        json={"name": "CI", "scopes": ["read"], "workspace_id": owner.workspace_id, "expires_in_days": 30},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    secret = body["token"]
    assert secret.startswith("oi_pat_")
    assert body["scopes"] == ["read"] and body["workspace_id"] == owner.workspace_id
    assert TIMESTAMP.match(body["expires_at"]) and body["last_used_at"] is None
    assert body["prefix"] == secret[:11]

    # Stored as a hash only.
    async with app.state.db.transaction(write=False) as session:
        row = await session.get(AccessToken, body["id"])
        assert row is not None and secret not in (row.token_hash, row.prefix) and len(row.token_hash) == 64

    used = await client.get("/api/v2/workspaces", headers={"x-api-token": secret})
    assert used.status_code == 200

    listed = await client.get("/api/v2/profile/tokens", headers=owner.headers)
    assert listed.status_code == 200
    page = listed.json()
    assert set(page) == {"has_more", "before", "after", "data"}
    mine = next(t for t in page["data"] if t["id"] == body["id"])
    assert "token" not in mine and secret not in listed.text
    assert TIMESTAMP.match(mine["last_used_at"]) and mine["expires_at"] == body["expires_at"]

    revoked = await client.delete(f"/api/v2/profile/tokens/{body['id']}", headers=owner.headers)
    assert revoked.status_code == 200
    assert (await client.get("/api/v2/workspaces", headers={"x-api-token": secret})).status_code == 401
    again = await client.delete(f"/api/v2/profile/tokens/{body['id']}", headers=owner.headers)
    assert again.status_code == 404


async def test_token_without_scopes_has_all_but_admin(client: httpx.AsyncClient, owner: Account) -> None:
    created = await client.post("/api/v2/profile/tokens", json={"name": "all"}, headers=owner.headers)
    assert created.json()["scopes"] == ["read", "write", "members", "hooks"]
    assert created.json()["expires_at"] is None


async def test_bad_token_requests_are_422_and_write_nothing(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    stranger = await factories.account(app)
    cases = [
        ({"name": "x", "scopes": ["read", "superpowers"]}, "scopes"),
        ({"name": "x", "scopes": ["admin"]}, "scopes"),
        ({"name": "x", "workspace_id": stranger.workspace_id}, "workspace_id"),
        ({"name": "x", "expires_in_days": 0}, "expires_in_days"),
        ({"name": ""}, "name"),
        ({}, "name"),
    ]
    for payload, field in cases:
        response = await client.post("/api/v2/profile/tokens", json=payload, headers=owner.headers)
        assert response.status_code == 422, payload
        assert field in response.json()["errors"], payload
    listed = await client.get("/api/v2/profile/tokens", headers=owner.headers)
    assert [t["name"] for t in listed.json()["data"]] == ["test"]


async def test_a_token_cannot_mint_a_stronger_or_wider_token(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    other_ws = (
        await client.post("/api/v2/workspaces", json={"name": "Second"}, headers=owner.headers)
    ).json()
    narrow = await factories.token(
        app, owner.user_id, scopes=["read", "write"], workspace_id=owner.workspace_id
    )
    headers = {"Authorization": f"Bearer {narrow}"}
    wider = await client.post(
        "/api/v2/profile/tokens", json={"name": "x", "scopes": ["members"]}, headers=headers
    )
    assert wider.status_code == 422
    default = await client.post("/api/v2/profile/tokens", json={"name": "x"}, headers=headers)
    assert default.status_code == 422  # the default set includes members and hooks
    escape = await client.post(
        "/api/v2/profile/tokens",
        json={"name": "x", "scopes": ["read"], "workspace_id": other_ws["id"]},
        headers=headers,
    )
    assert escape.status_code == 422
    inherited = await client.post(
        "/api/v2/profile/tokens", json={"name": "x", "scopes": ["read"]}, headers=headers
    )
    assert inherited.status_code == 201 and inherited.json()["workspace_id"] == owner.workspace_id


async def test_other_users_tokens_are_not_found(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    other = await factories.account(app)
    async with app.state.db.transaction(write=False) as session:
        their = await session.scalar(select(AccessToken.id).where(AccessToken.user_id == other.user_id))
    response = await client.delete(f"/api/v2/profile/tokens/{their}", headers=owner.headers)
    assert response.status_code == 404
    assert (await client.get("/api/v2/profile", headers=other.headers)).status_code == 200
