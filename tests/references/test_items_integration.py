"""References and view filters through the real items API (issue 3's services and routes)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from openinfinity.items import purge
from tests import factories_items
from tests.factories import Account
from tests.factories_items import BoardSetup


async def _link(client: httpx.AsyncClient, setup: BoardSetup, a: str, b: str) -> dict[str, Any]:
    body = {"attribute_id": setup.attr("Ref"), "from_item_id": a, "to_item_id": b}
    response = await client.post(setup.url("/references"), json=body, headers=setup.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def _ref_value(client: httpx.AsyncClient, setup: BoardSetup, item_id: str) -> Any:
    item = (
        await client.get(setup.url(f"/items/{item_id}"), params={"expand[]": "values"}, headers=setup.headers)
    ).json()
    return next((v["data"] for v in item["values"] if v["attribute_id"] == setup.attr("Ref")), None)


async def test_reference_value_shows_on_the_item_and_is_read_only(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await factories_items.board_setup(app, owner)
    a = (await factories_items.create_item(client, setup, values={"Name": "A"}))["id"]
    b = (await factories_items.create_item(client, setup, values={"Name": "B"}))["id"]
    link = await _link(client, setup, a, b)
    assert await _ref_value(client, setup, a) == [b]
    write = await client.put(
        setup.url(f"/items/{a}"),
        json={"values": [{"attribute_id": setup.attr("Ref"), "data": []}]},
        headers=setup.headers,
    )
    assert write.status_code == 422
    await client.delete(setup.url(f"/references/{link['id']}"), headers=setup.headers)
    assert await _ref_value(client, setup, a) is None


async def test_deleting_items_and_folders_removes_references(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await factories_items.board_setup(app, owner)
    a = (await factories_items.create_item(client, setup, values={"Name": "A"}))["id"]
    b = (await factories_items.create_item(client, setup, values={"Name": "B"}))["id"]
    c = (
        await factories_items.create_item(
            client, setup, folder_id=setup.other_folder_id, values={"Name": "C"}
        )
    )["id"]
    await _link(client, setup, a, b)
    await _link(client, setup, a, c)
    await _link(client, setup, b, a)
    assert (await client.delete(setup.url(f"/items/{b}"), headers=setup.headers)).status_code == 200
    assert await _ref_value(client, setup, a) == [c]
    listed = (await client.get(setup.url("/references"), headers=setup.headers)).json()["data"]
    assert [(r["from_item_id"], r["to_item_id"]) for r in listed] == [(a, c)]
    assert (
        await client.delete(setup.url(f"/folders/{setup.other_folder_id}"), headers=setup.headers)
    ).status_code == 200
    # At once: the deleted item is no longer shown; its references go in the background purge.
    assert await _ref_value(client, setup, a) == []
    assert (await client.get(setup.url("/references"), headers=setup.headers)).json()["data"] == []
    await purge.run_all(app.state.db)
    assert await _ref_value(client, setup, a) is None


async def test_items_list_filter_parameter(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await factories_items.board_setup(app, owner)
    ids = {}
    for name, cost, done in (("Alpha", 10, True), ("Beta", 3, False), ("Gamma", 7, True)):
        item = await factories_items.create_item(
            client, setup, values={"Name": name, "Cost": cost, "Done": done}
        )
        ids[item["id"]] = name
    condition = {
        "combinator": "AND",
        "conditions": [
            {"attributeId": setup.attr("Done"), "operator": "is", "value": True},
            {"attributeId": setup.attr("Cost"), "operator": "gte", "value": 7},
        ],
    }
    import orjson

    for url in (setup.url("/items"), setup.url(f"/folders/{setup.folder_id}/items")):
        response = await client.get(
            url, params={"filter": orjson.dumps(condition).decode()}, headers=setup.headers
        )
        assert response.status_code == 200, response.text
        assert sorted(ids[i["id"]] for i in response.json()["data"]) == ["Alpha", "Gamma"]
    bare = [{"attributeId": setup.attr("Name"), "operator": "contains", "value": "et"}]
    response = await client.get(
        setup.url("/items"), params={"filter": orjson.dumps(bare).decode()}, headers=setup.headers
    )
    assert [ids[i["id"]] for i in response.json()["data"]] == ["Beta"]
    bad = [{"attributeId": setup.attr("Done"), "operator": "contains", "value": "x"}]
    response = await client.get(
        setup.url("/items"), params={"filter": orjson.dumps(bad).decode()}, headers=setup.headers
    )
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["filter.conditions.0.operator"]
    broken = await client.get(setup.url("/items"), params={"filter": "{nope"}, headers=setup.headers)
    assert broken.status_code == 422 and broken.json()["invalidFields"] == ["filter"]


async def test_view_items_of_items_made_by_the_items_api(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await factories_items.board_setup(app, owner)
    names = {}
    for name, cost, due, labels in (
        ("Alpha", 10, "2024-01-05", ["d271b2b3-4ccc-43cd-8628-5861d2151eb6"]),
        ("Beta", 3, "2024-02-01", ["7a9bd039-f9a4-4da6-8e95-d356d6dc44f8"]),
        ("Gamma", 7, None, []),
    ):
        values: dict[str, Any] = {"Name": name, "Cost": cost, "Price": labels}
        if due:
            values["Due"] = due
        names[(await factories_items.create_item(client, setup, values=values))["id"]] = name
    settings = {
        "filter": {
            "combinator": "OR",
            "conditions": [
                {
                    "attributeId": setup.attr("Price"),
                    "operator": "contains",
                    "value": "d271b2b3-4ccc-43cd-8628-5861d2151eb6",
                },
                {"attributeId": setup.attr("Due"), "operator": "is_empty"},
            ],
        },
        "sort": {"conditions": [{"attributeId": setup.attr("Cost"), "settings": {"direction": "desc"}}]},
    }
    view = await client.post(
        setup.url("/views"),
        json={"type": "table", "folder_id": setup.folder_id, "settings": settings},
        headers=setup.headers,
    )
    assert view.status_code == 201, view.text
    items = await client.get(
        setup.url(f"/views/{view.json()['id']}/items"), params={"expand[]": "values"}, headers=setup.headers
    )
    assert [names[i["id"]] for i in items.json()["data"]] == ["Alpha", "Gamma"]
