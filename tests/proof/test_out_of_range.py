"""Input that used to reach the driver and answer 500 (issue 20, findings 7 and 16): numbers beyond
a column's range (cursors, ids, filter values) and text no database stores (lone surrogates, NUL
inside filter JSON). Each is refused at the edge with the same answer on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.factories_attachments import files_board
from tests.factories_items import BoardSetup, board_setup, create_item
from tests.proof.test_hostile_inputs import assert_refused

BEYOND_64 = 2**70
BEYOND_32 = 2**31  # the first id an INTEGER column on PostgreSQL cannot hold
LONE = "\ud800"  # a real lone surrogate code point (json.dumps escapes it as \ud800)


@pytest.fixture
async def setup(app: FastAPI, owner: factories.Account) -> BoardSetup:
    return await board_setup(app, owner)


def _cursor(*parts: object) -> str:
    return base64.b64encode(",".join(str(p) for p in parts).encode()).decode()


def _raw_json(body: Any) -> bytes:
    # ensure_ascii keeps a lone surrogate as its JSON escape (it has no UTF-8 form).
    return json.dumps(body, ensure_ascii=True).encode()


@pytest.mark.parametrize("number", [BEYOND_64, BEYOND_32, 2**63, -BEYOND_64])
async def test_cursors_beyond_the_key_range_are_invalid(
    client: httpx.AsyncClient, setup: BoardSetup, owner: factories.Account, number: int
) -> None:
    lists = [
        "/api/v2/workspaces",
        owner.ws("/members"),
        owner.ws("/users"),
        "/api/v2/profile/tokens",
        "/api/v2/profile/clients",
    ]
    for url in lists:
        for field in ("after", "before"):
            for cursor in (_cursor(number), _cursor(number, "2024-01-01 00:00:00.000000")):
                for sort_by in ("id", "created_at"):
                    response = await client.get(
                        url, params={field: cursor, "sort_by": sort_by}, headers=owner.headers
                    )
                    body = assert_refused(response, 422)
                    assert field in body["errors"], (url, body)


async def test_view_and_search_cursors_beyond_the_key_range_are_invalid(
    client: httpx.AsyncClient, setup: BoardSetup
) -> None:
    await create_item(client, setup, values={"Name": "apple"})
    sort = {"conditions": [{"attributeId": setup.attr("Author"), "settings": {"direction": "asc"}}]}
    view = await client.post(
        setup.url("/views"),
        json={"type": "table", "folder_id": setup.folder_id, "settings": {"sort": sort}},
        headers=setup.headers,
    )
    assert view.status_code == 201, view.text
    # created_by sorts as (is empty, creator id, sort order, id): integers beyond 32 bits, a number
    # beyond 64 bits.
    for values in ([0, BEYOND_64, 1.0, "x"], [BEYOND_32, 1, 1.0, "x"], [0, 1, BEYOND_64, "x"]):
        view_cursor = base64.urlsafe_b64encode(json.dumps(values).encode()).decode()
        response = await client.get(
            setup.url(f"/views/{view.json()['id']}/items"),
            params={"after": view_cursor},
            headers=setup.headers,
        )
        assert response.status_code in (200, 422), (values, response.text)
    search_cursor = base64.b64encode(f"q0:k{BEYOND_64}".encode()).decode()
    response = await client.get(
        setup.url("/items"), params={"q": "apple", "after": search_cursor}, headers=setup.headers
    )
    assert_refused(response, 422)


@pytest.mark.parametrize("number", [2**63, BEYOND_32, BEYOND_64])
async def test_user_filters_beyond_the_id_range_are_invalid(
    client: httpx.AsyncClient, setup: BoardSetup, number: int
) -> None:
    await create_item(client, setup, values={"Name": "x"})
    for value in (number, str(number), [number]):
        for operator in ("is", "in", "not_in"):
            condition = {"attributeId": setup.attr("Author"), "operator": operator, "value": value}
            response = await client.get(
                setup.url("/items"),
                params={"filter": json.dumps({"conditions": [condition]})},
                headers=setup.headers,
            )
            assert response.status_code in (200, 422), (value, operator, response.text)
            if response.status_code == 422:
                assert_refused(response, 422)


async def test_ids_beyond_32_bits_are_not_found(
    client: httpx.AsyncClient, setup: BoardSetup, owner: factories.Account
) -> None:
    anonymous = [
        ("GET", f"/api/v2/attachments/{BEYOND_32}/download"),
        ("GET", f"/api/v2/attachments/{BEYOND_32}/thumbnail"),
    ]
    for method, url in anonymous:
        response = await client.request(method, url)
        assert response.status_code in (403, 404), (url, response.status_code, response.text)
    authenticated = [
        ("GET", f"/api/v2/workspaces/{BEYOND_32}"),
        ("GET", f"/api/v2/workspaces/{BEYOND_32}/boards"),
        ("POST", f"/api/v2/workspaces/{BEYOND_32}/attachments/url"),
        ("PUT", owner.ws(f"/members/{BEYOND_32}")),
        ("DELETE", owner.ws(f"/members/{BEYOND_32}")),
        ("DELETE", f"/api/v2/profile/tokens/{BEYOND_32}"),
        ("GET", f"/api/v2/profile/clients/{BEYOND_32}"),
        ("DELETE", f"/api/v2/profile/clients/{BEYOND_32}"),
    ]
    for method, url in authenticated:
        response = await client.request(method, url, json={"role": "admin"}, headers=owner.headers)
        assert_refused(response, 404)
    response = await client.post(
        "/api/v2/profile/tokens", json={"name": "t", "workspace_id": BEYOND_32}, headers=owner.headers
    )
    body = assert_refused(response, 422)
    assert "workspace_id" in body["errors"], body


async def test_attachment_and_user_ids_beyond_32_bits_in_values_are_invalid(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account
) -> None:
    board = await files_board(app, owner)
    for data in ([{"id": BEYOND_32}], [BEYOND_32], [str(BEYOND_32)]):
        body = {"folder_id": board.folder_id, "values": [{"attribute_id": board.attribute_id, "data": data}]}
        response = await client.post(board.url("/items"), json=body, headers=owner.headers)
        assert_refused(response, 422)
    members = await client.post(
        board.url("/attributes"), json={"name": "Owners", "type": "members"}, headers=owner.headers
    )
    assert members.status_code in (200, 201), members.text
    body = {
        "folder_id": board.folder_id,
        "values": [{"attribute_id": members.json()["id"], "data": [BEYOND_32]}],
    }
    response = await client.post(board.url("/items"), json=body, headers=owner.headers)
    assert_refused(response, 422)


async def test_lone_surrogates_are_refused_everywhere_text_is_stored(
    client: httpx.AsyncClient, setup: BoardSetup
) -> None:
    text = f"a{LONE}b"
    cases: list[tuple[str, str, dict[str, Any], str]] = [
        (
            "POST",
            setup.url("/items"),
            {"folder_id": setup.folder_id, "values": [{"attribute_id": setup.attr("Name"), "data": text}]},
            "values.0.data",
        ),
        (
            "POST",
            setup.url("/items"),
            {
                "folder_id": setup.folder_id,
                "values": [{"attribute_id": setup.attr("Checklist"), "data": [{"name": text}]}],
            },
            "values.0.data.0.name",
        ),
        (
            "POST",
            setup.url("/attributes"),
            {"name": "T", "type": "text", "default_data": text},
            "default_data",
        ),
        (
            "POST",
            setup.url("/attributes"),
            {"name": "L", "type": "label", "settings": {"labels": [{"id": "1", "name": text}]}},
            "settings.labels.0.name",
        ),
        ("POST", setup.url("/folders"), {"name": "F", "settings": {"note": text}}, "settings.note"),
        ("PUT", setup.url(f"/folders/{setup.folder_id}"), {"settings": {text: 1}}, "settings"),
        ("POST", setup.url("/items"), {"folder_id": setup.folder_id, text: 1}, ""),
    ]
    before = await client.get(setup.url("/items"), headers=setup.headers)
    for method, url, body, field in cases:
        response = await client.request(
            method,
            url,
            content=_raw_json(body),
            headers={**setup.headers, "Content-Type": "application/json"},
        )
        refused = assert_refused(response, 422)
        assert "surrogate" in refused["message"], refused
        assert any(key.startswith(field) for key in refused["errors"]), (field, refused)
    after = await client.get(setup.url("/items"), headers=setup.headers)
    assert after.json()["data"] == before.json()["data"]
    # A surrogate pair (an emoji written as two escapes) is ordinary text.
    pair = {
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attr("Name"), "data": "\U0001f600"}],
    }
    response = await client.post(
        setup.url("/items"),
        content=_raw_json(pair),
        headers={**setup.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 201, response.text


async def test_nul_and_surrogates_inside_filter_json_are_invalid(
    client: httpx.AsyncClient, setup: BoardSetup
) -> None:
    await create_item(client, setup, values={"Name": "x"})
    for escaped in ("a\\u0000b", "\\u0000", "a\\ud800b"):
        condition = f'{{"attributeId": "{setup.attr("Name")}", "operator": "contains", "value": "{escaped}"}}'
        raw = f'{{"conditions": [{condition}]}}'
        response = await client.get(setup.url("/items"), params={"filter": raw}, headers=setup.headers)
        body = assert_refused(response, 422)
        assert any(key.startswith("filter") for key in body["errors"]), body
