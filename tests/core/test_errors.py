"""The error envelope on every failure path: never a 500 for bad input, nothing written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import Account


async def _workspace_names(client: httpx.AsyncClient, owner: Account) -> list[str]:
    response = await client.get("/api/v2/workspaces", params={"limit": 100}, headers=owner.headers)
    return sorted(w["name"] for w in response.json()["data"])


async def test_unknown_route_is_404_in_envelope(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get("/api/v2/nothing-here", headers=owner.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "general/not-found"


async def test_wrong_method_is_405_in_envelope(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.delete("/api/v2/workspaces", headers=owner.headers)
    assert response.status_code == 405
    assert response.json()["code"] == "general/method-not-allowed"


async def test_broken_json_is_400_malformed(client: httpx.AsyncClient, owner: Account) -> None:
    before = await _workspace_names(client, owner)
    for raw in (b'{"name": ', b"\xff\xfe{not utf8}", b'{"name": "a"}}'):
        response = await client.post(
            "/api/v2/workspaces", content=raw, headers={**owner.headers, "Content-Type": "application/json"}
        )
        assert response.status_code == 400, raw
        assert response.json()["code"] == "general/malformed-request"
    assert await _workspace_names(client, owner) == before


async def test_missing_field_uses_laravel_wording(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.post("/api/v2/workspaces", json={}, headers=owner.headers)
    assert response.status_code == 422
    assert response.json() == {
        "message": "The name field is required.",
        "code": "general/missing-fields",
        "errors": {"name": ["The name field is required."]},
        "invalidFields": ["name"],
    }


@pytest.mark.parametrize(
    "body",
    [
        {"name": 123},
        {"name": None},
        {"name": ["a"]},
        {"name": {"nested": True}},
        {"name": "x" * 100_000},
        {"name": ""},
        {"name": "   "},
        {"name": "nul\u0000byte"},
        [],
        "just a string",
        12345678901234567890123,
    ],
)
async def test_bad_bodies_are_4xx_and_write_nothing(
    client: httpx.AsyncClient, owner: Account, body: Any
) -> None:
    before = await _workspace_names(client, owner)
    response = await client.post("/api/v2/workspaces", json=body, headers=owner.headers)
    assert 400 <= response.status_code < 500, response.text
    payload = response.json()
    assert payload["code"].startswith("general/")
    assert "Traceback" not in response.text
    assert await _workspace_names(client, owner) == before


async def test_invalid_fields_lists_every_error(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.post(
        owner.ws("/members/invite"), json={"email": "not-an-email", "role": "emperor"}, headers=owner.headers
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "general/invalid-fields"
    assert set(body["invalidFields"]) == {"email", "role"}
    assert body["errors"]["role"] == ["The selected role is invalid."]
    assert body["message"].endswith("(and 1 more error)")


async def test_deeply_nested_json_is_rejected_cleanly(client: httpx.AsyncClient, owner: Account) -> None:
    nested = "[" * 5000 + "]" * 5000
    response = await client.post(
        "/api/v2/workspaces",
        content=('{"name": "deep", "extra": ' + nested + "}").encode(),
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500


async def test_body_over_the_cap_is_413(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(max_body_bytes=1000)
    response = await client.post("/api/v2/workspaces", json={"name": "x" * 2000}, headers=owner.headers)
    assert response.status_code == 413
    assert response.json()["code"] == "general/payload-too-large"


async def test_accept_excluding_json_is_406(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get("/api/v2/profile", headers={**owner.headers, "Accept": "text/html"})
    assert response.status_code == 406
    assert response.json()["code"] == "general/not-acceptable"
    for accept in ("application/json", "*/*", "text/html, application/json;q=0.5", ""):
        ok = await client.get("/api/v2/profile", headers={**owner.headers, "Accept": accept})
        assert ok.status_code == 200, accept


async def test_crash_is_500_without_internals_and_logged_with_request_id(
    app: FastAPI, owner: Account, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    app.add_api_route("/api/v2/test-crash", boom, methods=["GET"], include_in_schema=False)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/api/v2/test-crash", headers={"X-Request-Id": "req-42"})
    finally:
        app.router.routes.pop()
    assert response.status_code == 500
    assert response.json() == {
        "message": "Server Error",
        "code": "general/server-error",
        "request_id": "req-42",
    }
    assert "secret" not in response.text
    assert response.headers["x-request-id"] == "req-42"
    assert any(getattr(r, "request_id", None) == "req-42" for r in caplog.records)


async def test_request_id_is_generated_and_echoed(client: httpx.AsyncClient, owner: Account) -> None:
    generated = await client.get("/api/v2/profile", headers=owner.headers)
    assert len(generated.headers["x-request-id"]) >= 16
    echoed = await client.get("/api/v2/profile", headers={**owner.headers, "X-Request-Id": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"


async def test_unicode_and_emoji_round_trip(client: httpx.AsyncClient, owner: Account) -> None:
    name = "Café Zürich 🚀 東京"
    created = await client.post("/api/v2/workspaces", json={"name": name}, headers=owner.headers)
    assert created.status_code == 201
    assert created.headers["content-type"].startswith("application/json")
    assert name.encode() in created.content  # raw UTF-8, not \\u escapes
    fetched = await client.get(f"/api/v2/workspaces/{created.json()['id']}", headers=owner.headers)
    assert fetched.json()["name"] == name
