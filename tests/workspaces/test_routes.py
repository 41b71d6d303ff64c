from __future__ import annotations

import httpx

from tests.factories import Account


async def test_list_workspaces_matches_seed_shape(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get("/api/v2/workspaces", headers=owner.headers)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"has_more", "before", "after", "data"}
    assert body["data"] == [
        {
            "id": owner.workspace_id,
            "object": "workspace",
            "name": "Customer Success",
            "photo_url": None,
            "owner_id": owner.user_id,
            "deleted": False,
        }
    ]
