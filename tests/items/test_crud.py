"""Items endpoints against the seed's shapes: create, get, update, delete, delete a value."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from tests.factories import Account
from tests.factories_items import board_setup, create_item

ITEM_KEYS = ["id", "object", "folder_id", "parent_id", "created_at", "sort_order", "deleted"]
VALUE_KEYS = ["id", "object", "data", "attribute_id", "item_id", "deleted"]
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
SORT = re.compile(r"^-?\d+\.\d{30}$")


async def test_create_item_as_the_seed(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    body = {
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attr("Name"), "data": "test"}],
        "parent_id": "null",
    }
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code == 201, response.text
    item = response.json()
    assert list(item) == ITEM_KEYS
    assert item["object"] == "item"
    assert item["folder_id"] == setup.folder_id
    assert item["parent_id"] is None
    assert item["deleted"] is False
    assert TIME.match(item["created_at"])
    assert item["sort_order"] == "65536.000000000000000000000000000000"

    second = await create_item(client, setup)
    assert second["sort_order"] == "131072.000000000000000000000000000000"
    # Another folder has its own sequence.
    other = await create_item(client, setup, folder_id=setup.other_folder_id)
    assert other["sort_order"] == "65536.000000000000000000000000000000"


async def test_get_item_with_values_expanded(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    notes = "The Park Güell is a public park system composed of gardens."
    item = await create_item(
        client, setup, values={"Name": "Park Güell", "Notes": notes, "Cost": 10, "Price": [setup_label()]}
    )
    url = setup.url(f"/items/{item['id']}")

    plain = (await client.get(url, headers=setup.headers)).json()
    assert list(plain) == ITEM_KEYS

    response = await client.get(url, params={"expand[]": "values"}, headers=setup.headers)
    assert response.status_code == 200
    data = response.json()
    assert list(data) == [*ITEM_KEYS[:-1], "values", "deleted"]
    by_attr = {v["attribute_id"]: v for v in data["values"]}
    name = by_attr[setup.attr("Name")]
    assert list(name) == VALUE_KEYS
    assert name["object"] == "value" and name["data"] == "Park Güell" and name["item_id"] == item["id"]
    assert by_attr[setup.attr("Notes")]["data"] == notes
    assert by_attr[setup.attr("Cost")]["data"] == 10
    assert by_attr[setup.attr("Price")]["data"] == [setup_label()]
    # Computed types are part of the values.
    assert by_attr[setup.attr("Created")]["data"] == item["created_at"]
    assert by_attr[setup.attr("Author")]["data"] == owner.user_id

    full = (await client.get(url, params={"expand[]": "values.attribute"}, headers=setup.headers)).json()
    name = next(v for v in full["values"] if v["attribute_id"] == setup.attr("Name"))
    assert list(name) == ["id", "object", "data", "attribute_id", "item_id", "attribute", "deleted"]
    assert name["attribute"]["object"] == "attribute"
    assert name["attribute"]["name"] == "Name" and name["attribute"]["type"] == "text"
    # Computed value ids are stable across reads.
    again = (await client.get(url, params={"expand[]": "values"}, headers=setup.headers)).json()
    assert {v["id"] for v in again["values"]} == {v["id"] for v in data["values"]}


def setup_label() -> str:
    from tests.factories_items import PRICE_LABELS

    return str(PRICE_LABELS[0]["id"])


async def test_expand_created_by_and_folder(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup)
    url = setup.url(f"/items/{item['id']}")
    data = (await client.get(url, params={"expand[]": "created_by"}, headers=setup.headers)).json()
    assert "values" not in data and "folder" not in data
    assert data["created_by"]["id"] == owner.user_id
    assert data["created_by"]["object"] == "user"
    assert data["created_by"]["email"] == owner.email
    data = (await client.get(url, params={"expand[]": "folder"}, headers=setup.headers)).json()
    assert "values" not in data and "created_by" not in data
    assert data["folder"]["id"] == setup.folder_id
    assert data["folder"]["object"] == "folder"
    assert data["folder"]["name"] == "Preparation"
    both = await client.get(
        f"{url}?expand[]=folder&expand[]=created_by&expand[]=values", headers=setup.headers
    )
    assert set(both.json()) == {*ITEM_KEYS, "values", "folder", "created_by"}
    bad = await client.get(url, params={"expand[]": "comments"}, headers=setup.headers)
    assert bad.status_code == 422
    assert bad.json()["invalidFields"] == ["expand.0"]


async def test_update_item_put_and_patch(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "test"})
    url = setup.url(f"/items/{item['id']}")
    body = {"values": [{"attribute_id": setup.attr("Name"), "data": "test2"}]}
    response = await client.put(url, json=body, headers=setup.headers)
    assert response.status_code == 200, response.text
    assert list(response.json()) == ITEM_KEYS
    response = await client.patch(
        url,
        json={"folder_id": setup.other_folder_id, "sort_order": "163840.5"},
        headers=setup.headers,
    )
    assert response.status_code == 200, response.text
    moved = response.json()
    assert moved["folder_id"] == setup.other_folder_id
    assert moved["sort_order"] == "163840.500000000000000000000000000000"
    data = (await client.get(url, params={"expand[]": "values"}, headers=setup.headers)).json()
    name = next(v for v in data["values"] if v["attribute_id"] == setup.attr("Name"))
    assert name["data"] == "test2"
    # sort_order as a number
    response = await client.patch(url, json={"sort_order": 98304}, headers=setup.headers)
    assert response.json()["sort_order"] == "98304.000000000000000000000000000000"
    for bad in ("abc", "NaN", True, [1], "1e400"):
        response = await client.patch(url, json={"sort_order": bad}, headers=setup.headers)
        assert response.status_code == 422, bad
        assert response.json()["invalidFields"] == ["sort_order"]


async def test_delete_item(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "gone"})
    url = setup.url(f"/items/{item['id']}")
    response = await client.delete(url, headers=setup.headers)
    assert response.status_code == 200
    assert response.json() == {"id": item["id"], "object": "item", "deleted": True}
    assert (await client.get(url, headers=setup.headers)).status_code == 404
    assert (await client.delete(url, headers=setup.headers)).status_code == 404
    assert (await client.put(url, json={}, headers=setup.headers)).status_code == 404
    listed = (await client.get(setup.url("/items"), headers=setup.headers)).json()
    assert item["id"] not in [i["id"] for i in listed["data"]]
    found = (await client.get(setup.url("/items"), params={"q": "gone"}, headers=setup.headers)).json()
    assert found["data"] == []


async def test_delete_value(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "Keep", "Notes": "drop me"})
    url = setup.url(f"/items/{item['id']}")
    data = (await client.get(url, params={"expand[]": "values"}, headers=setup.headers)).json()
    notes = next(v for v in data["values"] if v["attribute_id"] == setup.attr("Notes"))
    response = await client.delete(f"{url}/values/{notes['id']}", headers=setup.headers)
    assert response.status_code == 200
    assert response.json() == {"id": notes["id"], "object": "value", "deleted": True}
    data = (await client.get(url, params={"expand[]": "values"}, headers=setup.headers)).json()
    assert notes["id"] not in [v["id"] for v in data["values"]]
    again = await client.delete(f"{url}/values/{notes['id']}", headers=setup.headers)
    assert again.status_code == 404
    found = (await client.get(setup.url("/items"), params={"q": "drop"}, headers=setup.headers)).json()
    assert found["data"] == []
    # A value of another item is not reachable through this item.
    other = await create_item(client, setup, values={"Name": "Other"})
    other_values = (
        await client.get(
            setup.url(f"/items/{other['id']}"), params={"expand[]": "values"}, headers=setup.headers
        )
    ).json()["values"]
    stored = next(v for v in other_values if v["attribute_id"] == setup.attr("Name"))
    response = await client.delete(f"{url}/values/{stored['id']}", headers=setup.headers)
    assert response.status_code == 404


async def test_unknown_ids_are_404(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    for method in ("GET", "PUT", "PATCH", "DELETE"):
        response = await client.request(method, setup.url("/items/nope"), json={}, headers=setup.headers)
        assert response.status_code == 404, method
        assert response.json()["code"] == "general/not-found"
    response = await client.get(setup.url("/folders/nope/items"), headers=setup.headers)
    assert response.status_code == 404
    response = await client.get(owner.ws("/boards/nope/items"), headers=setup.headers)
    assert response.status_code == 404


async def test_move_goes_to_end_of_new_folder(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    await create_item(client, setup, folder_id=setup.other_folder_id)
    await create_item(client, setup, folder_id=setup.other_folder_id)
    item = await create_item(client, setup)
    url = setup.url(f"/items/{item['id']}")
    moved = await client.put(url, json={"folder_id": setup.other_folder_id}, headers=setup.headers)
    assert moved.status_code == 200
    assert moved.json()["sort_order"] == "196608.000000000000000000000000000000"
    # PUT with deleted_at deletes, as the multi-action convention says.
    gone = await client.put(url, json={"deleted_at": "2023-05-25T22:01:55Z"}, headers=setup.headers)
    assert gone.json() == {"id": item["id"], "object": "item", "deleted": True}
    assert (await client.get(url, headers=setup.headers)).status_code == 404
