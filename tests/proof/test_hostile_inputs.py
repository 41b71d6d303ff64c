"""Inputs that break naive servers, sent to every write and search surface: each answers a 4xx in
our envelope (or a plain success where the input is legal), never a 5xx, and changes nothing when
refused."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.factories_items import BoardSetup, board_setup, create_item

BIG = 2**70


def assert_refused(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.text[:500])
    body: dict[str, Any] = response.json()
    assert isinstance(body["message"], str) and isinstance(body["code"], str), body
    return body


@pytest.fixture
async def setup(app: FastAPI, owner: factories.Account) -> BoardSetup:
    return await board_setup(app, owner)


async def _item_count(client: httpx.AsyncClient, setup: BoardSetup) -> int:
    response = await client.get(setup.url("/items"), params={"limit": 100}, headers=setup.headers)
    assert response.status_code == 200, response.text
    return len(response.json()["data"])


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "*",
        "a*",
        "**",
        "NEAR(a b)",
        "a NEAR b",
        "NEAR",
        "(a OR b",
        "a) AND (b",
        "a AND",
        "OR",
        "NOT",
        "-",
        "a:b",
        "^a",
        "'; DROP TABLE items; --",
        "\\",
        "%_%",
        "col:*",
        "\u200b",
        "😀*",
        "x" * 2000,
    ],
)
async def test_search_syntax_is_plain_text(client: httpx.AsyncClient, setup: BoardSetup, q: str) -> None:
    response = await client.get(setup.url("/items"), params={"q": q}, headers=setup.headers)
    assert response.status_code in (200, 422), (q, response.status_code, response.text[:300])
    if response.status_code == 422:
        assert_refused(response, 422)


async def test_search_finds_text_with_fts_operators(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    item = await create_item(client, setup, values={"Name": 'Plan "NEAR" (draft*) OR notes'})
    for q in ['"NEAR"', "(draft*", "OR notes"]:
        response = await client.get(setup.url("/items"), params={"q": q}, headers=setup.headers)
        assert response.status_code == 200, response.text
        assert item["id"] in [row["id"] for row in response.json()["data"]], q


async def test_numbers_beyond_64_bits_are_invalid_fields(
    client: httpx.AsyncClient, setup: BoardSetup, owner: factories.Account
) -> None:
    cases: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", owner.ws("/boards"), {"name": "B", "user_ids": [BIG]}),
        ("POST", owner.ws("/boards"), {"name": "B", "user_ids": [-BIG]}),
        ("PUT", setup.url(), {"user_ids": [BIG]}),
        ("POST", setup.url("/items"), {"folder_id": setup.folder_id, "sort_order": BIG}),
        (
            "POST",
            setup.url("/items"),
            {"folder_id": setup.folder_id, "values": [{"attribute_id": setup.attr("Author"), "data": BIG}]},
        ),
        (
            "POST",
            setup.url("/items"),
            {"folder_id": setup.folder_id, "values": [{"attribute_id": setup.attr("Cost"), "data": 10**400}]},
        ),
        ("PUT", owner.ws(f"/members/{BIG}"), {"role": "admin"}),
        ("POST", "/api/v2/profile/tokens", {"name": "t", "workspace_id": BIG}),
        ("POST", "/api/v2/profile/tokens", {"name": "t", "expires_in_days": BIG}),
        ("POST", owner.ws("/members/invite"), {"email": "a@example.com", "role": "admin", "user_id": BIG}),
    ]
    before = await _item_count(client, setup)
    for method, url, body in cases:
        response = await client.request(method, url, json=body, headers=setup.headers)
        assert response.status_code < 500, (method, url, body, response.text)
        assert response.status_code in (200, 201, 404, 422), (
            method,
            url,
            response.status_code,
            response.text,
        )
        if response.status_code >= 400:
            assert_refused(response, 404, 422)
    # Path ids beyond 64 bits: not found (or invalid), never an overflow.
    for url in [f"/api/v2/workspaces/{BIG}", f"/api/v2/workspaces/{BIG}/boards", owner.ws(f"/members/{BIG}")]:
        for method in ("GET", "DELETE"):
            response = await client.request(method, url, headers=setup.headers)
            assert response.status_code in (404, 405, 422), (method, url, response.status_code, response.text)
    assert await _item_count(client, setup) == before


async def test_board_user_ids_beyond_64_bits_answer_422(
    client: httpx.AsyncClient, owner: factories.Account
) -> None:
    response = await client.post(
        owner.ws("/boards"), json={"name": "B", "user_ids": [BIG]}, headers=owner.headers
    )
    body = assert_refused(response, 422)
    assert "user_ids" in str(body["errors"]), body


async def test_item_sort_order_beyond_64_bits_is_not_a_server_error(
    client: httpx.AsyncClient, setup: BoardSetup
) -> None:
    response = await client.post(
        setup.url("/items"), json={"folder_id": setup.folder_id, "sort_order": BIG}, headers=setup.headers
    )
    assert response.status_code in (201, 422), response.text


async def test_huge_body_is_413_and_writes_nothing(
    client: httpx.AsyncClient, setup: BoardSetup, owner: factories.Account
) -> None:
    before = await _item_count(client, setup)
    huge = "x" * (10 * 1024 * 1024 + 10)
    body = {"folder_id": setup.folder_id, "values": [{"attribute_id": setup.attr("Name"), "data": huge}]}
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert_refused(response, 413)
    assert await _item_count(client, setup) == before
    response = await client.post(owner.ws("/boards"), json={"name": huge}, headers=owner.headers)
    assert_refused(response, 413)


async def test_big_strings_under_the_cap_are_validated(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    big = "y" * (2 * 1024 * 1024)
    for url, body in [
        (setup.url(), {"name": big}),
        (setup.url("/folders"), {"name": big}),
        (setup.url("/attributes"), {"name": big, "type": "text"}),
    ]:
        response = await client.request(
            "POST" if url != setup.url() else "PUT", url, json=body, headers=setup.headers
        )
        assert response.status_code in (200, 201, 422), (url, response.status_code, response.text[:300])
        if response.status_code == 422:
            assert_refused(response, 422)


async def test_deeply_nested_json(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    for depth_doc in (deep, '{"a":' * 50_000 + "1" + "}" * 50_000):
        response = await client.post(
            setup.url("/items"),
            content=depth_doc.encode(),
            headers={**setup.headers, "Content-Type": "application/json"},
        )
        assert_refused(response, 400, 422)
    nested = '{"k":' * 5000 + '"leaf"' + "}" * 5000
    value = f'{{"attribute_id": "{setup.attr("Name")}", "data": {nested}}}'
    body = f'{{"folder_id": "{setup.folder_id}", "values": [{value}]}}'
    before = await _item_count(client, setup)
    response = await client.post(
        setup.url("/items"),
        content=body.encode(),
        headers={**setup.headers, "Content-Type": "application/json"},
    )
    assert_refused(response, 400, 422)
    assert await _item_count(client, setup) == before


async def test_huge_arrays(client: httpx.AsyncClient, setup: BoardSetup, owner: factories.Account) -> None:
    before = await _item_count(client, setup)
    many_values = [{"attribute_id": setup.attr("Name"), "data": "v"}] * 100_000
    response = await client.post(
        setup.url("/items"), json={"folder_id": setup.folder_id, "values": many_values}, headers=setup.headers
    )
    assert response.status_code in (201, 422), response.text[:300]
    response = await client.post(
        owner.ws("/boards"), json={"name": "B", "user_ids": list(range(1, 200_000))}, headers=owner.headers
    )
    assert_refused(response, 404, 422)
    labels = [{"id": str(i), "name": str(i)} for i in range(100_000)]
    response = await client.post(
        setup.url("/attributes"),
        json={"name": "L", "type": "label", "settings": {"labels": labels}},
        headers=setup.headers,
    )
    assert response.status_code in (201, 422), response.text[:300]
    assert await _item_count(client, setup) - before in (0, 1)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"name": "a\x00b"}',
        b'{"name": "a\\u0000b"}',
        b'{"name": "\xff\xfe"}',
        b'{"name": "\xc3\x28"}',
        b'{"name": "\xed\xa0\x80"}',
        b'{"name": "\\ud800"}',
        b"\x00",
        b"\xef\xbb\xbf{}",
        b"",
        b"null",
        b"[]",
        b'"string"',
        b"1e999999",
        b'{"name": NaN}',
        b'{"name": Infinity}',
    ],
)
async def test_nul_bytes_and_invalid_utf8(
    client: httpx.AsyncClient, setup: BoardSetup, owner: factories.Account, raw: bytes
) -> None:
    headers = {**owner.headers, "Content-Type": "application/json"}
    for method, url in [
        ("POST", owner.ws("/boards")),
        ("PUT", setup.url()),
        ("POST", setup.url("/folders")),
        ("POST", setup.url("/attributes")),
        ("POST", setup.url("/items")),
        ("POST", "/api/v2/workspaces"),
    ]:
        response = await client.request(method, url, content=raw, headers=headers)
        assert response.status_code < 500, (method, url, raw, response.text)
        if response.status_code >= 400:
            assert_refused(response, 400, 404, 422)


async def test_nul_and_lone_surrogates_in_values_and_query(
    client: httpx.AsyncClient, setup: BoardSetup
) -> None:
    for data in ["nul\x00inside", "\\ud800", "tab\tok"]:
        body = {"folder_id": setup.folder_id, "values": [{"attribute_id": setup.attr("Name"), "data": data}]}
        response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
        assert response.status_code in (201, 422), (data, response.text)
    for q in ["\x00", "a\x00b"]:
        response = await client.get(setup.url("/items"), params={"q": q}, headers=setup.headers)
        assert response.status_code in (200, 422), response.text
    response = await client.get(setup.url("/items") + "?q=%FF%FE", headers=setup.headers)
    assert response.status_code in (200, 400, 422), response.text


@pytest.mark.parametrize(
    "data",
    [
        "0000-01-01",
        "9999-12-31T23:59:60Z",
        "10000-01-01",
        "-0001-01-01",
        "2020-13-45",
        "1e309",
        "",
        "2020-02-30",
    ],
)
async def test_dates_out_of_range(client: httpx.AsyncClient, setup: BoardSetup, data: str) -> None:
    body = {
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attr("Due"), "data": {"date": data}}],
    }
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code in (201, 422), (data, response.text)
    if response.status_code == 422:
        assert_refused(response, 422)


async def test_ids_of_the_wrong_kind(
    client: httpx.AsyncClient, setup: BoardSetup, owner: factories.Account
) -> None:
    item = await create_item(client, setup, values={"Name": "x"})
    wrong = [
        owner.ws("/boards/not-a-board"),
        owner.ws(f"/boards/{setup.folder_id}"),  # a folder id where a board id belongs
        owner.ws(f"/boards/{item['id']}"),
        setup.url(f"/folders/{setup.board_id}"),
        setup.url(f"/folders/{setup.attr('Name')}"),
        setup.url(f"/attributes/{setup.folder_id}"),
        setup.url(f"/attributes/{item['id']}"),
        setup.url(f"/items/{setup.attr('Name')}"),
        setup.url(f"/items/{setup.folder_id}"),
        setup.url(f"/items/{item['id']}/values/{item['id']}"),
        "/api/v2/workspaces/abc",
        "/api/v2/workspaces/1.5",
        "/api/v2/workspaces/-1",
        "/api/v2/workspaces/%00",
        owner.ws("/members/abc"),
    ]
    for url in wrong:
        for method in ("GET", "PUT", "DELETE"):
            response = await client.request(method, url, json={}, headers=setup.headers)
            assert response.status_code in (404, 405, 422), (method, url, response.status_code, response.text)
            assert_refused(response, 404, 405, 422)
    response = await client.get(setup.url(f"/items/{item['id']}"), headers=setup.headers)
    assert response.status_code == 200
    for value in [{"attribute_id": setup.folder_id, "data": "x"}, {"attribute_id": 5, "data": "x"}]:
        response = await client.post(
            setup.url("/items"), json={"folder_id": setup.folder_id, "values": [value]}, headers=setup.headers
        )
        assert_refused(response, 404, 422)
    response = await client.post(
        setup.url("/items"), json={"folder_id": setup.board_id}, headers=setup.headers
    )
    assert_refused(response, 404, 422)


async def test_unicode_digits_in_ids_are_not_found(
    client: httpx.AsyncClient, owner: factories.Account
) -> None:
    # str.isdigit() accepts these; int() does not: they were 500s.
    for digits in ["²", "١٢", "\u0663"]:
        for url in [
            f"/api/v2/workspaces/{digits}",
            owner.ws(f"/members/{digits}"),
            f"/api/v2/profile/tokens/{digits}",
        ]:
            method = "DELETE" if "tokens" in url or "members" in url else "GET"
            response = await client.request(method, url, headers=owner.headers)
            assert_refused(response, 404)
    response = await client.get(owner.ws("/boards") + "?expand[²]=x", headers=owner.headers)
    assert response.status_code < 500, response.text
    response = await client.post(
        owner.ws("/boards"),
        content=b'{"name": "x"}',
        headers={**owner.headers, "Content-Length": b"\xb2"},  # type: ignore[dict-item]
    )
    assert response.status_code < 500, response.text
