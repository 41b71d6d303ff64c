"""Issue 20 #4: adding a user by id (`PUT /workspaces/{own}/members/{id}`) neither reveals nor
enrols people the caller has no relation to. Only users who already share a workspace with the
caller can be added; anyone else gets the answer of an id that does not exist."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests import factories


async def test_a_stranger_cannot_enumerate_or_enrol_users(app: FastAPI, client: httpx.AsyncClient) -> None:
    victim = await factories.account(app, name="Victim Person")
    stranger = await factories.account(app, name="Stranger")
    missing = await client.put(stranger.ws("/members/2147483000"), json={}, headers=stranger.headers)
    assert missing.status_code == 404
    for method in ("PUT", "PATCH"):
        for body in ({}, {"role": "admin"}, None):
            response = await client.request(
                method, stranger.ws(f"/members/{victim.user_id}"), json=body, headers=stranger.headers
            )
            assert response.status_code == 404, response.text
            assert response.json() == missing.json()  # the same answer as an unknown id
            assert victim.email not in response.text and "Victim" not in response.text
    members = await client.get(stranger.ws("/members"), params={"limit": 100}, headers=stranger.headers)
    assert victim.user_id not in [m["id"] for m in members.json()["data"]]
    mine = await client.get("/api/v2/workspaces", headers=victim.headers)
    assert stranger.workspace_id not in [w["id"] for w in mine.json()["data"]]


async def test_a_user_sharing_a_workspace_can_be_added(app: FastAPI, client: httpx.AsyncClient) -> None:
    owner = await factories.account(app)
    colleague = await factories.acquaintance(app, owner, name="Colleague")
    response = await client.put(
        owner.ws(f"/members/{colleague.user_id}"), json={"role": "full-member"}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["email"] == colleague.email
    # Once they share this workspace too, a role change works as before.
    changed = await client.patch(
        owner.ws(f"/members/{colleague.user_id}"), json={"role": "restricted-member"}, headers=owner.headers
    )
    assert changed.status_code == 200
    # A former colleague (the shared workspace was left) is a stranger again.
    former = await factories.acquaintance(app, owner, name="Former")
    left = await client.delete(
        f"/api/v2/workspaces/{former.workspace_id}/members/{owner.user_id}", headers=former.headers
    )
    assert left.status_code == 200, left.text
    response = await client.put(owner.ws(f"/members/{former.user_id}"), json={}, headers=owner.headers)
    assert response.status_code == 404
