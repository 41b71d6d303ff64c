"""Issue 20 #14: `longtext` values are sanitised with the comments' rules (core/sanitize.py), and
links and favicons are only http(s) URLs, so no stored value carries script to what renders it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.factories_items import BoardSetup, board_setup, create_item

HOSTILE_HTML = [
    '<img src="x" onerror="alert(1)">',
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    '<p onclick="alert(1)">x</p>',
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    "<style>body{display:none}</style>",
]
BAD_URLS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "//evil.example/x",
]


@pytest.fixture
async def setup(app: FastAPI, owner: factories.Account) -> BoardSetup:
    return await board_setup(app, owner)


def _value(item: dict[str, Any], attribute_id: str) -> Any:
    return next(v["data"] for v in item["values"] if v["attribute_id"] == attribute_id)


async def _item_values(client: httpx.AsyncClient, setup: BoardSetup, item_id: str) -> dict[str, Any]:
    response = await client.get(
        setup.url(f"/items/{item_id}"), params={"expand[]": "values"}, headers=setup.headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("html", HOSTILE_HTML)
async def test_longtext_keeps_no_script(client: httpx.AsyncClient, setup: BoardSetup, html: str) -> None:
    item = await create_item(client, setup, values={"Notes": f"<p>Hello <b>there</b></p>{html}"})
    stored = _value(await _item_values(client, setup, item["id"]), setup.attr("Notes"))
    lowered = stored.lower()
    for needle in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<style"):
        assert needle not in lowered, (html, stored)
    assert "<p>Hello <b>there</b></p>" in stored
    # Updating a value and an attribute's default go through the same rule.
    response = await client.put(
        setup.url(f"/items/{item['id']}"),
        json={"values": [{"attribute_id": setup.attr("Notes"), "data": html}]},
        headers=setup.headers,
    )
    assert response.status_code == 200, response.text
    stored = _value(await _item_values(client, setup, item["id"]), setup.attr("Notes"))
    assert "<script" not in stored.lower() and "onerror" not in stored.lower(), stored
    response = await client.post(
        setup.url("/attributes"),
        json={"name": "Rich", "type": "longtext", "default_data": html},
        headers=setup.headers,
    )
    assert response.status_code in (200, 201), response.text
    default = response.json()["default_data"] or ""
    assert "<script" not in default.lower() and "onerror" not in default.lower(), default


async def test_plain_text_in_longtext_is_kept_as_sent(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    item = await create_item(client, setup, values={"Notes": "1 < 2 & 3 > 0"})
    assert _value(await _item_values(client, setup, item["id"]), setup.attr("Notes")) == "1 < 2 & 3 > 0"


async def test_links_and_favicons_are_http_only(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup, owner: factories.Account
) -> None:
    created = await client.post(
        setup.url("/attributes"), json={"name": "Web", "type": "links"}, headers=setup.headers
    )
    assert created.status_code in (200, 201), created.text
    attribute_id = created.json()["id"]
    for bad in BAD_URLS:
        for link in ({"url": bad}, {"url": "https://ok.example/", "favicon": bad}):
            body = {"folder_id": setup.folder_id, "values": [{"attribute_id": attribute_id, "data": [link]}]}
            response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
            assert response.status_code == 422, (link, response.text)
            assert response.json()["invalidFields"] == ["values.0.data"]
    good = {"url": "https://ok.example/", "favicon": "https://ok.example/favicon.ico"}
    body = {"folder_id": setup.folder_id, "values": [{"attribute_id": attribute_id, "data": [good]}]}
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code == 201, response.text


async def test_oauth_redirect_uris_carry_no_control_characters(
    client: httpx.AsyncClient, owner: factories.Account
) -> None:
    """Same class (an unchecked URL): CR/LF in a redirect URI would split the Location header."""
    for uri in (
        "https://app.example/cb\r\nSet-Cookie: x=1",
        "https://app.example/c b",
        "https://app.example/\tcb",
    ):
        response = await client.post(
            "/api/v2/profile/clients", json={"name": "App", "redirect_uris": [uri]}, headers=owner.headers
        )
        assert response.status_code == 422, (uri, response.text)
        assert "redirect_uris" in response.json()["invalidFields"][0]
    ok = await client.post(
        "/api/v2/profile/clients",
        json={"name": "App", "redirect_uris": ["https://app.example/cb?x=1"]},
        headers=owner.headers,
    )
    assert ok.status_code == 201, ok.text
