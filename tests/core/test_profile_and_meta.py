from __future__ import annotations

import httpx

from tests.factories import Account


async def test_profile_matches_the_seed(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get("/api/v2/profile", headers=owner.headers)
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "id",
        "object",
        "name",
        "email",
        "photo_url",
        "created_at",
        "job",
        "location",
        "tagline",
        "preferences",
        "is_developer",
        "deleted",
    ]
    assert body["id"] == owner.user_id
    assert body["object"] == "user"
    assert body["email"] == owner.email
    assert body["preferences"] == {}
    assert body["deleted"] is False


async def test_avatar_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/profile/avatar.svg", params={"name": "Jane Doe"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert ">JD<" in response.text


async def test_health_and_openapi(client: httpx.AsyncClient) -> None:
    health = await client.get("/health")
    assert health.status_code == 200 and health.json()["status"] == "ok"
    spec = (await client.get("/openapi.json")).json()
    assert "/api/v2/workspaces/{workspace}/members/invite" in spec["paths"]
    assert "/api/v2/profile" in spec["paths"]
    docs = await client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
