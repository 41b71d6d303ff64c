from __future__ import annotations

import httpx

from tests.factories import Account


async def test_etag_and_if_none_match(client: httpx.AsyncClient, owner: Account) -> None:
    first = await client.get("/api/v2/profile", headers=owner.headers)
    etag = first.headers["etag"]
    assert etag.startswith('"')
    cached = await client.get("/api/v2/profile", headers={**owner.headers, "If-None-Match": etag})
    assert cached.status_code == 304
    assert cached.content == b""
    stale = await client.get("/api/v2/profile", headers={**owner.headers, "If-None-Match": '"other"'})
    assert stale.status_code == 200


async def test_last_modified_and_if_modified_since(client: httpx.AsyncClient, owner: Account) -> None:
    url = f"/api/v2/workspaces/{owner.workspace_id}"
    first = await client.get(url, headers=owner.headers)
    last_modified = first.headers["last-modified"]
    cached = await client.get(url, headers={**owner.headers, "If-Modified-Since": last_modified})
    assert cached.status_code == 304
    old = await client.get(
        url, headers={**owner.headers, "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert old.status_code == 200


async def test_etag_changes_when_the_resource_changes(client: httpx.AsyncClient, owner: Account) -> None:
    url = f"/api/v2/workspaces/{owner.workspace_id}"
    etag = (await client.get(url, headers=owner.headers)).headers["etag"]
    await client.patch(url, json={"name": "Changed"}, headers=owner.headers)
    response = await client.get(url, headers={**owner.headers, "If-None-Match": etag})
    assert response.status_code == 200
    assert response.json()["name"] == "Changed"
