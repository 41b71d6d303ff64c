from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories, factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup

VIEW_KEYS = [
    "id",
    "object",
    "folder_id",
    "name",
    "type",
    "sort_order",
    "settings",
    "created_by",
    "created_at",
    "deleted",
]
PRICE_LABELS = [
    {"id": "d271b2b3-4ccc-43cd-8628-5861d2151eb6", "name": "$", "color": "#92F3EC"},
    {"id": "7a9bd039-f9a4-4da6-8e95-d356d6dc44f8", "name": "$$", "color": "#FFD3F2"},
]


@pytest.fixture
async def setup(app: FastAPI, owner: Account) -> BoardSetup:
    board = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, board, "Name", "text")
    await factories_collab.attribute(app, board, "Price", "label", {"multiple": True, "labels": PRICE_LABELS})
    await factories_collab.attribute(app, board, "Image", "attachments")
    return board


def seed_settings(setup: BoardSetup) -> dict[str, Any]:
    price = setup.attributes["Price"]
    return {
        "attributes": [],
        "includeSubfolders": False,
        "collapsedGroups": [],
        "filter": {"conditions": [], "combinator": "AND"},
        "sort": {"conditions": [{"attributeId": price, "settings": {"direction": "asc"}}]},
        "groupBy": price,
        f"groupOrder:{price}": ['["d271b2b3-4ccc-43cd-8628-5861d2151eb6"]'],
    }


async def test_missing_type_and_folder_is_the_seed_422(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    for kwargs in ({}, {"json": {}}):
        response = await client.post(setup.path("/views"), headers=setup.account.headers, **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 422
        body = response.json()
        assert body["message"] == "The type field is required. (and 1 more error)"
        assert body["errors"] == {
            "type": ["The type field is required."],
            "folder_id": ["The folder id field is required."],
        }
        assert body["invalidFields"] == ["type", "folder_id"]
        assert body["code"] == "general/missing-fields"


async def test_crud_round_trip_matches_seed(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    headers = setup.account.headers
    settings = seed_settings(setup)
    created = await client.post(
        setup.path("/views"),
        json={"name": "Restaurant List", "type": "list", "folder_id": setup.folder_id, "settings": settings},
        headers=headers,
    )
    assert created.status_code == 201, created.json()
    view = created.json()
    assert list(view) == VIEW_KEYS
    assert view["object"] == "folderview" and view["type"] == "list" and view["name"] == "Restaurant List"
    assert view["settings"] == settings
    assert view["sort_order"] == "65536.000000000000000000000000000000"
    assert view["created_by"] == setup.account.user_id and view["deleted"] is False
    url = setup.path(f"/views/{view['id']}")
    assert (await client.get(url, headers=headers)).json() == view
    listed = (await client.get(setup.path("/views"), headers=headers)).json()
    assert listed["data"] == [view]

    second = (
        await client.post(
            setup.path("/views"), json={"type": "table", "folder_id": setup.folder_id}, headers=headers
        )
    ).json()
    assert second["settings"] == {} and second["name"] == "Table"
    assert second["sort_order"] == "131072.000000000000000000000000000000"

    put = await client.put(url, json={"type": "columns", "name": "Prep List"}, headers=headers)
    assert put.status_code == 200 and put.json()["type"] == "columns" and put.json()["name"] == "Prep List"
    assert put.json()["settings"] == settings  # PUT without settings keeps them
    patched = await client.patch(url, json={"settings": {"includeSubfolders": True}}, headers=headers)
    assert patched.json()["settings"] == {**settings, "includeSubfolders": True}
    replaced = await client.put(url, json={"type": "table", "settings": {}}, headers=headers)
    assert replaced.json()["settings"] == {}

    deleted = await client.delete(url, headers=headers)
    assert deleted.status_code == 200
    assert deleted.json() == {"id": view["id"], "object": "folderview", "deleted": True}
    assert (await client.get(url, headers=headers)).status_code == 404
    assert [v["id"] for v in (await client.get(setup.path("/views"), headers=headers)).json()["data"]] == [
        second["id"]
    ]


async def test_put_without_type_is_the_seed_422(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    headers = setup.account.headers
    view = (
        await client.post(
            setup.path("/views"), json={"type": "list", "folder_id": setup.folder_id}, headers=headers
        )
    ).json()
    response = await client.put(setup.path(f"/views/{view['id']}"), headers=headers)
    assert response.status_code == 422
    body = response.json()
    assert body["message"] == "The type field is required."
    assert body["errors"] == {"type": ["The type field is required."]}


@pytest.mark.parametrize(
    "kind", ["list", "columns", "table", "calendar", "gantt", "form", "chart", "timeline", "map"]
)
async def test_every_view_type(client: httpx.AsyncClient, setup: BoardSetup, kind: str) -> None:
    response = await client.post(
        setup.path("/views"), json={"type": kind, "folder_id": setup.folder_id}, headers=setup.account.headers
    )
    assert response.status_code == 201 and response.json()["type"] == kind


async def test_invalid_input_is_422_naming_the_path(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    headers = setup.account.headers
    name_attr = setup.attributes["Name"]
    other = await factories_collab.board(app, setup.account)
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"type": "kanban", "folder_id": setup.folder_id}, ["type"]),
        ({"type": "list", "folder_id": "nope"}, ["folder_id"]),
        ({"type": "list", "folder_id": other.folder_id}, ["folder_id"]),
        ({"type": "list", "folder_id": setup.folder_id, "settings": "x"}, ["settings"]),
        (
            {"type": "list", "folder_id": setup.folder_id, "settings": {"includeSubfolders": "yes"}},
            ["settings.includeSubfolders"],
        ),
        (
            {"type": "list", "folder_id": setup.folder_id, "settings": {"groupBy": "nope"}},
            ["settings.groupBy"],
        ),
        (
            {
                "type": "list",
                "folder_id": setup.folder_id,
                "settings": {"filter": {"combinator": "XOR", "conditions": []}},
            },
            ["settings.filter.combinator"],
        ),
        (
            {
                "type": "list",
                "folder_id": setup.folder_id,
                "settings": {
                    "filter": {"conditions": [{"attributeId": name_attr, "operator": "gt", "value": 1}]}
                },
            },
            ["settings.filter.conditions.0.operator"],
        ),
        (
            {
                "type": "list",
                "folder_id": setup.folder_id,
                "settings": {
                    "filter": {"conditions": [{"attributeId": "nope", "operator": "is", "value": "x"}]}
                },
            },
            ["settings.filter.conditions.0.attributeId"],
        ),
        (
            {
                "type": "list",
                "folder_id": setup.folder_id,
                "settings": {
                    "filter": {
                        "conditions": [
                            {"attributeId": name_attr, "operator": "is", "value": "x"},
                            {
                                "combinator": "OR",
                                "conditions": [
                                    {
                                        "attributeId": setup.attributes["Price"],
                                        "operator": "contains",
                                        "value": "no-such-label",
                                    }
                                ],
                            },
                        ]
                    }
                },
            },
            ["settings.filter.conditions.1.conditions.0.value"],
        ),
        (
            {
                "type": "list",
                "folder_id": setup.folder_id,
                "settings": {
                    "sort": {
                        "conditions": [
                            {"attributeId": setup.attributes["Image"], "settings": {"direction": "asc"}}
                        ]
                    }
                },
            },
            ["settings.sort.conditions.0.attributeId"],
        ),
        (
            {
                "type": "list",
                "folder_id": setup.folder_id,
                "settings": {
                    "sort": {"conditions": [{"attributeId": name_attr, "settings": {"direction": "up"}}]}
                },
            },
            ["settings.sort.conditions.0.settings.direction"],
        ),
        ({"type": 5, "folder_id": setup.folder_id}, ["type"]),
        ({"type": "list", "folder_id": setup.folder_id, "name": "x" * 300}, ["name"]),
        ({"type": "list", "folder_id": setup.folder_id, "sort_order": "abc"}, ["sort_order"]),
    ]
    for body, fields in cases:
        response = await client.post(setup.path("/views"), json=body, headers=headers)
        assert response.status_code == 422, (body, response.json())
        assert response.json()["invalidFields"] == fields, (body, response.json())
    message = (
        await client.post(
            setup.path("/views"),
            json={
                "type": "list",
                "folder_id": setup.folder_id,
                "settings": {
                    "filter": {"conditions": [{"attributeId": name_attr, "operator": "gt", "value": 1}]}
                },
            },
            headers=headers,
        )
    ).json()["message"]
    assert message.startswith(
        "The settings.filter.conditions.0.operator field must be one of is, is_not, contains"
    )
    assert (await client.get(setup.path("/views"), headers=headers)).json()["data"] == []


async def test_multi_action_on_views(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    headers = setup.account.headers
    new_id = "11c3d575-8309-4cef-95d3-17f18adea1b3"
    body = {"id": new_id, "type": "list", "folder_id": setup.folder_id, "name": "Restaurant List"}
    created = await client.post(setup.path("/views"), json=body, headers=headers)
    assert created.status_code == 201 and created.json()["id"] == new_id
    updated = await client.post(setup.path("/views"), json={"id": new_id, "name": "Renamed"}, headers=headers)
    assert (
        updated.status_code == 200
        and updated.json()["name"] == "Renamed"
        and updated.json()["type"] == "list"
    )
    deleted = await client.post(
        setup.path("/views"), json={"id": new_id, "deleted_at": "2024-01-01"}, headers=headers
    )
    assert deleted.json() == {"id": new_id, "object": "folderview", "deleted": True}
    assert (await client.get(setup.path(f"/views/{new_id}"), headers=headers)).status_code == 404


async def test_visibility(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    headers = setup.account.headers
    view = (
        await client.post(
            setup.path("/views"), json={"type": "list", "folder_id": setup.folder_id}, headers=headers
        )
    ).json()
    stranger = await factories.account(app)
    restricted = await factories.member(app, setup.account.workspace_id, role="restricted-member")
    for who in (stranger, restricted):
        for method, path in (
            ("GET", "/views"),
            ("GET", f"/views/{view['id']}"),
            ("GET", f"/views/{view['id']}/items"),
            ("POST", "/views"),
            ("PUT", f"/views/{view['id']}"),
            ("DELETE", f"/views/{view['id']}"),
        ):
            response = await client.request(
                method, setup.path(path), json={"type": "list"}, headers=who.headers
            )
            assert response.status_code == 404, (method, path)
    member = await factories.member(app, setup.account.workspace_id, role="restricted-member")
    shared = await factories_collab.board(app, setup.account, user_ids=[member.user_id])
    response = await client.post(
        shared.path("/views"), json={"type": "map", "folder_id": shared.folder_id}, headers=member.headers
    )
    assert response.status_code == 201
    # a view of another board is not found through this board
    assert (await client.get(shared.path(f"/views/{view['id']}"), headers=headers)).status_code == 404
    listed = await client.get(setup.path("/views"), params={"folder_id": shared.folder_id}, headers=headers)
    assert listed.json()["data"] == []


async def test_malformed_settings_never_500(client: httpx.AsyncClient, setup: BoardSetup) -> None:
    headers = setup.account.headers
    name = setup.attributes["Name"]
    deep: dict[str, Any] = {"attributeId": name, "operator": "is", "value": "x"}
    for _ in range(8):
        deep = {"combinator": "AND", "conditions": [deep]}
    weird_filters: list[Any] = [
        "x",
        5,
        [1, 2],
        {"conditions": "x"},
        {"conditions": [None, 1, "x", []]},
        {"conditions": [{"attributeId": name}]},
        {"conditions": [{"attributeId": name, "operator": "is"}]},
        {"conditions": [{"attributeId": name, "operator": "is", "value": {"a": 1}}]},
        {"conditions": [{"attributeId": name, "operator": "in", "value": []}]},
        {"conditions": [{"attributeId": name, "operator": "in", "value": ["x"] * 101}]},
        {"conditions": [{"attributeId": name, "operator": 5, "value": "x"}]},
        {"conditions": [{"attributeId": ["x"], "operator": "is", "value": "x"}]},
        {"conditions": [{"attributeId": setup.attributes["Price"], "operator": "in", "value": [None]}]},
        {"conditions": [{"attributeId": name, "operator": "is", "value": "x"}] * 201},
        deep,
    ]
    for filter_ in weird_filters:
        body = {"type": "list", "folder_id": setup.folder_id, "settings": {"filter": filter_}}
        response = await client.post(setup.path("/views"), json=body, headers=headers)
        assert response.status_code == 422, (filter_, response.text)
        assert response.json()["invalidFields"][0].startswith("settings.filter"), response.json()
    weird_sorts: list[Any] = [
        "x",
        {"conditions": "x"},
        {"conditions": [1]},
        {"conditions": [{"attributeId": name, "settings": "x"}]},
    ]
    for sort in weird_sorts:
        body = {"type": "list", "folder_id": setup.folder_id, "settings": {"sort": sort}}
        response = await client.post(setup.path("/views"), json=body, headers=headers)
        assert response.status_code == 422, (sort, response.text)
    for raw in (b"[]", b'"x"', b"null", b"{", b'{"type": "list", "folder_id": null}'):
        response = await client.post(
            setup.path("/views"), content=raw, headers={**headers, "Content-Type": "application/json"}
        )
        assert response.status_code in (400, 422), (raw, response.text)
    assert (await client.get(setup.path("/views"), headers=headers)).json()["data"] == []


async def test_filter_grammar_is_in_the_api_description(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    views = spec["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/views"]["post"]["description"]
    assert 'condition := {"attributeId"' in views
    assert "label: is, is_not, contains, not_contains, in, not_in, is_empty, is_not_empty" in views
    items = spec["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/views/{view_id}/items"]["get"]
    assert "Operators by attribute type" in items["description"]
