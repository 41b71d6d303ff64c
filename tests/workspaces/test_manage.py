from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests import factories
from tests.factories import Account


async def test_create_makes_the_caller_owner(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.post("/api/v2/workspaces", json={"name": "  Roadmap  "}, headers=owner.headers)
    assert response.status_code == 201
    created = response.json()
    assert created == {
        "id": created["id"],
        "object": "workspace",
        "name": "Roadmap",
        "photo_url": None,
        "owner_id": owner.user_id,
        "deleted": False,
    }
    members = await client.get(f"/api/v2/workspaces/{created['id']}/members", headers=owner.headers)
    assert [u["id"] for u in members.json()["data"]] == [owner.user_id]


async def test_rename_by_owner_and_admin_only(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    url = f"/api/v2/workspaces/{owner.workspace_id}"
    assert (await client.put(url, json={"name": "Renamed"}, headers=owner.headers)).json()[
        "name"
    ] == "Renamed"
    admin = await factories.member(app, owner.workspace_id, role="admin")
    assert (await client.patch(url, json={"name": "By admin"}, headers=admin.headers)).status_code == 200
    full = await factories.member(app, owner.workspace_id, role="full-member")
    refused = await client.patch(url, json={"name": "By member"}, headers=full.headers)
    assert refused.status_code == 403
    assert (await client.get(url, headers=owner.headers)).json()["name"] == "By admin"


async def test_other_peoples_workspaces_are_404(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    stranger = await factories.account(app)
    for path in (
        f"/api/v2/workspaces/{owner.workspace_id}",
        "/api/v2/workspaces/abc",
        "/api/v2/workspaces/0",
    ):
        response = await client.get(path, headers=stranger.headers)
        assert response.status_code == 404
        assert response.json()["code"] == "general/not-found"
    listed = await client.get("/api/v2/workspaces", headers=stranger.headers)
    assert owner.workspace_id not in [w["id"] for w in listed.json()["data"]]
    renamed = await client.patch(
        f"/api/v2/workspaces/{owner.workspace_id}", json={"name": "Hijack"}, headers=stranger.headers
    )
    assert renamed.status_code == 404
