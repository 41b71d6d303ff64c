"""HTTP hygiene every response shares: one request id, a true `Allow`, opt-in CORS, gzip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests import factories_items
from tests.factories import Account

ORIGIN = "https://app.example.com"


async def test_error_responses_carry_one_request_id(client: httpx.AsyncClient, owner: Account) -> None:
    cases = [
        client.get("/api/v2/nothing-here", headers={**owner.headers, "X-Request-Id": "r-1"}),
        client.delete("/api/v2/workspaces", headers={**owner.headers, "X-Request-Id": "r-1"}),
        client.get("/api/v2/profile", headers={"X-Request-Id": "r-1"}),
        client.get(
            "/api/v2/profile", headers={**owner.headers, "Accept": "text/html", "X-Request-Id": "r-1"}
        ),
        client.post("/api/v2/workspaces", json={}, headers={**owner.headers, "X-Request-Id": "r-1"}),
    ]
    for pending in cases:
        response = await pending
        assert response.status_code >= 400
        assert response.headers.get_list("x-request-id") == ["r-1"], response.request.url


async def test_unsafe_request_id_is_replaced(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get("/api/v2/profile", headers={**owner.headers, "X-Request-Id": "a b\tforged"})
    assert response.headers["x-request-id"] != "a b\tforged"
    assert len(response.headers["x-request-id"]) == 32


async def test_405_allows_every_method_of_the_path(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.delete("/api/v2/workspaces", headers=owner.headers)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    item = await client.post(f"/api/v2/workspaces/{owner.workspace_id}/boards", headers=owner.headers)
    assert item.status_code != 405
    boards = await client.delete(f"/api/v2/workspaces/{owner.workspace_id}/boards", headers=owner.headers)
    assert boards.status_code == 405
    assert set(boards.headers["allow"].split(", ")) >= {"GET", "POST"}


async def test_no_cors_headers_unless_configured(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get("/api/v2/profile", headers={**owner.headers, "Origin": ORIGIN})
    assert "access-control-allow-origin" not in response.headers
    preflight = await client.options(
        "/api/v2/profile", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "GET"}
    )
    assert "access-control-allow-origin" not in preflight.headers


async def test_cors_preflight_and_simple_requests(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(cors_origins=f"{ORIGIN}, https://other.example.com")
    preflight = await client.options(
        "/api/v2/workspaces",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in preflight.headers["access-control-allow-methods"]
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in preflight.headers
    assert len(preflight.headers.get_list("x-request-id")) == 1
    response = await client.get("/api/v2/profile", headers={**owner.headers, "Origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
    stranger = await client.options(
        "/api/v2/workspaces",
        headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "POST"},
    )
    assert stranger.status_code == 400
    assert "access-control-allow-origin" not in stranger.headers


async def test_large_json_is_gzipped_small_is_not(
    client: httpx.AsyncClient, app: Any, owner: Account
) -> None:
    setup = await factories_items.board_setup(app, owner)
    for n in range(30):
        await factories_items.create_item(client, setup, values={"Name": f"Trip {n} " + "x" * 100})
    url = setup.url("/items")
    plain = await client.get(
        url, params={"limit": 100}, headers={**owner.headers, "Accept-Encoding": "identity"}
    )
    zipped = await client.get(
        url, params={"limit": 100}, headers={**owner.headers, "Accept-Encoding": "gzip"}
    )
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in zipped.headers["vary"].lower()
    assert zipped.json() == plain.json()  # httpx decodes
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert zipped.headers["etag"] == "W/" + plain.headers["etag"]
    again = await client.get(
        url,
        params={"limit": 100},
        headers={**owner.headers, "Accept-Encoding": "gzip", "If-None-Match": zipped.headers["etag"]},
    )
    assert again.status_code == 304
    small = await client.get("/api/v2/profile", headers={**owner.headers, "Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
