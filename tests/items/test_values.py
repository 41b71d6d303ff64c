"""Values on create and update: valid data of several types, one 422 listing every bad value,
read-only types, client value ids, foreign ids, and nothing written when anything is wrong."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.factories import Account
from tests.factories_items import PRICE_LABELS, BoardSetup, board_setup, create_item, outbox

LABEL = str(PRICE_LABELS[0]["id"])


async def _values(client: httpx.AsyncClient, setup: BoardSetup, item_id: str) -> dict[str, Any]:
    url = setup.url(f"/items/{item_id}")
    data = (await client.get(url, params={"expand[]": "values"}, headers=setup.headers)).json()
    return {v["attribute_id"]: v["data"] for v in data["values"]}


@pytest.mark.parametrize(
    ("name", "sent", "stored"),
    [
        ("Name", "Pack the suitcase", "Pack the suitcase"),
        ("Notes", "<p>Some Text</p>", "<p>Some Text</p>"),
        ("Done", True, True),
        ("Done", "true", True),
        ("Cost", 3.3198, 3.3198),
        ("Cost", "3", 3),
        ("Price", [LABEL], [LABEL]),
        ("Rating", 3, 3),
        ("Email", "hello@startinfinity.com", "hello@startinfinity.com"),
    ],
)
async def test_valid_values(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, name: str, sent: Any, stored: Any
) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={name: sent})
    assert (await _values(client, setup, item["id"]))[setup.attr(name)] == stored


async def test_checklist_ids_generated(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(
        client, setup, values={"Checklist": [{"name": "One", "done": True}, {"name": "Two"}]}
    )
    checklist = (await _values(client, setup, item["id"]))[setup.attr("Checklist")]
    assert [(c["name"], c["done"]) for c in checklist] == [("One", True), ("Two", False)]
    assert all(isinstance(c["id"], str) and len(c["id"]) == 36 for c in checklist)


async def test_every_invalid_value_in_one_422(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    body = {
        "folder_id": setup.folder_id,
        "values": [
            {"attribute_id": setup.attr("Name"), "data": "fine"},
            {"attribute_id": setup.attr("Cost"), "data": "three"},
            {"attribute_id": setup.attr("Price"), "data": ["not-a-label"]},
            {"attribute_id": "0e5bd8e4-0000-4000-8000-000000000000", "data": "x"},
            {"attribute_id": setup.attr("Rating"), "data": 9},
            {"attribute_id": setup.attr("Email"), "data": "not an email"},
            {"attribute_id": setup.attr("Done"), "data": "maybe"},
        ],
    }
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code == 422, response.text
    error = response.json()
    assert error["code"] == "general/invalid-fields"
    assert error["invalidFields"] == [
        "values.1.data",
        "values.2.data",
        "values.3.attribute_id",
        "values.4.data",
        "values.5.data",
        "values.6.data",
    ]
    assert error["errors"]["values.1.data"][0].startswith("The values.1.data field must")
    assert error["errors"]["values.3.attribute_id"] == ["The selected values.3.attribute_id is invalid."]
    # Nothing was written: no item, no event.
    listed = (await client.get(setup.url("/items"), headers=setup.headers)).json()
    assert listed["data"] == []


async def test_invalid_update_changes_nothing(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "before"})
    events_before = await outbox(app, item["id"])
    body = {
        "folder_id": setup.other_folder_id,
        "values": [
            {"attribute_id": setup.attr("Name"), "data": "after"},
            {"attribute_id": setup.attr("Cost"), "data": {"not": "a number"}},
        ],
    }
    response = await client.put(setup.url(f"/items/{item['id']}"), json=body, headers=setup.headers)
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["values.1.data"]
    got = (await client.get(setup.url(f"/items/{item['id']}"), headers=setup.headers)).json()
    assert got["folder_id"] == setup.folder_id
    assert (await _values(client, setup, item["id"]))[setup.attr("Name")] == "before"
    assert await outbox(app, item["id"]) == events_before


async def test_read_only_types(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    body = {
        "folder_id": setup.folder_id,
        "values": [
            {"attribute_id": setup.attr("Ref"), "data": ["x"]},
            {"attribute_id": setup.attr("Created"), "data": "2020-01-01"},
            {"attribute_id": setup.attr("Author"), "data": 1},
        ],
    }
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "References endpoint" in errors["values.0.data"][0]
    assert set(errors) == {"values.0.data", "values.1.data", "values.2.data"}


async def test_duplicate_and_malformed_values(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    name = setup.attr("Name")
    cases: list[tuple[Any, str]] = [
        ([{"attribute_id": name, "data": "a"}, {"attribute_id": name, "data": "b"}], "values.1.attribute_id"),
        ("not a list", "values"),
        ([{"data": "no attribute"}], "values.0.attribute_id"),
        ([{"attribute_id": 5, "data": "x"}], "values.0.attribute_id"),
        (["scalar"], "values.0"),
    ]
    for values, field in cases:
        body = {"folder_id": setup.folder_id, "values": values}
        response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
        assert response.status_code == 422, (values, response.text)
        assert field in response.json()["invalidFields"], (values, response.json())


async def test_foreign_attribute_and_folder_rejected(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    other = await board_setup(app, owner, name="Other board")
    body = {
        "folder_id": other.folder_id,
        "values": [{"attribute_id": other.attr("Name"), "data": "x"}],
    }
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["folder_id", "values.0.attribute_id"]
    missing = await client.post(setup.url("/items"), json={}, headers=setup.headers)
    assert missing.status_code == 422
    assert missing.json()["code"] == "general/missing-fields"
    assert missing.json()["errors"] == {"folder_id": ["The folder id field is required."]}


async def test_client_value_ids(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    value_id = "5455db29-d1a0-437e-8461-700d46ebadf7"
    body = {
        "folder_id": setup.folder_id,
        "values": [{"id": value_id, "attribute_id": setup.attr("Name"), "data": "a"}],
    }
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code == 201, response.text
    item = response.json()
    url = setup.url(f"/items/{item['id']}")
    data = (await client.get(url, params={"expand[]": "values"}, headers=setup.headers)).json()
    assert value_id in [v["id"] for v in data["values"]]
    # The known id updates that value.
    body = {"values": [{"id": value_id, "attribute_id": setup.attr("Name"), "data": "b"}]}
    assert (await client.put(url, json=body, headers=setup.headers)).status_code == 200
    assert (await _values(client, setup, item["id"]))[setup.attr("Name")] == "b"
    # Another item cannot take it over; a malformed id is refused.
    other = await create_item(client, setup)
    other_url = setup.url(f"/items/{other['id']}")
    response = await client.put(other_url, json=body, headers=setup.headers)
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["values.0.id"]
    body = {"values": [{"id": "nope", "attribute_id": setup.attr("Name"), "data": "b"}]}
    response = await client.put(other_url, json=body, headers=setup.headers)
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["values.0.id"]
