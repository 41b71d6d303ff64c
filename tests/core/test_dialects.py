"""Request dialects of real Infinity clients, all accepted."""

from __future__ import annotations

import httpx

from openinfinity.core.querystring import canonical_pairs, deep_merge, nest
from tests.factories import Account


def test_list_syntaxes_become_repeated_keys() -> None:
    for pairs in (
        [("expand[]", "a"), ("expand[]", "b")],
        [("expand[0]", "a"), ("expand[1]", "b")],
        [("expand", "a,b")],
        [("expand", "a"), ("expand", "b")],
    ):
        assert canonical_pairs(pairs) == [("expand", "a"), ("expand", "b")]


def test_php_nesting_becomes_json() -> None:
    pairs = [
        ("folder_id", "F1"),
        ("values[0][attribute_id]", "A"),
        ("values[0][data]", "x"),
        ("values[1][attribute_id]", "B"),
        ("values[1][data][]", "l1"),
        ("values[1][data][]", "l2"),
    ]
    assert nest(pairs) == {
        "folder_id": "F1",
        "values": [{"attribute_id": "A", "data": "x"}, {"attribute_id": "B", "data": ["l1", "l2"]}],
    }
    assert deep_merge({"a": 1, "b": {"c": 1}}, {"b": {"d": 2}, "a": 3}) == {"a": 3, "b": {"c": 1, "d": 2}}


async def test_query_fields_merge_into_post_body_and_body_wins(
    client: httpx.AsyncClient, owner: Account
) -> None:
    only_query = await client.post("/api/v2/workspaces", params={"name": "From query"}, headers=owner.headers)
    assert only_query.status_code == 201
    assert only_query.json()["name"] == "From query"
    both = await client.post(
        "/api/v2/workspaces", params={"name": "Query"}, json={"name": "Body"}, headers=owner.headers
    )
    assert both.json()["name"] == "Body"


async def test_method_override_header_and_field(client: httpx.AsyncClient, owner: Account) -> None:
    url = f"/api/v2/workspaces/{owner.workspace_id}"
    by_header = await client.post(
        url, json={"name": "Renamed by header"}, headers={**owner.headers, "X-HTTP-METHOD-OVERRIDE": "PATCH"}
    )
    assert by_header.status_code == 200
    assert by_header.json()["name"] == "Renamed by header"
    by_field = await client.post(
        url, json={"name": "Renamed by field", "_method": "PUT"}, headers=owner.headers
    )
    assert by_field.json()["name"] == "Renamed by field"
    by_query = await client.post(url, params={"_method": "PATCH"}, json={"name": "Q"}, headers=owner.headers)
    assert by_query.json()["name"] == "Q"


async def test_versionless_path_and_api_version_header(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get(
        "/api/workspaces", headers={**owner.headers, "X-API-Version": "2026-04-20.morava"}
    )
    assert response.status_code == 200
    assert response.json()["data"][0]["id"] == owner.workspace_id


async def test_patch_is_partial(client: httpx.AsyncClient, owner: Account) -> None:
    url = f"/api/v2/workspaces/{owner.workspace_id}"
    response = await client.patch(url, json={}, headers=owner.headers)
    assert response.status_code == 200
    assert response.json()["name"] == "Customer Success"


async def test_unknown_body_keys_are_ignored(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.post(
        "/api/v2/workspaces", json={"name": "Extra", "color": "#fff", "whatever": [1]}, headers=owner.headers
    )
    assert response.status_code == 201


async def test_nul_in_query_is_422(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get("/api/v2/workspaces?after=%00", headers=owner.headers)
    assert response.status_code == 422
