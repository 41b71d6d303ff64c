"""Outbox events of item writes, in order, with the API objects as payloads."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.factories import Account
from tests.factories_items import board_setup, create_item, outbox


async def test_create_update_delete_events(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "Park Güell", "Cost": 10})
    events = await outbox(app, item["id"])
    assert [e for e, _ in events] == ["item.created", "value.created", "value.created", "item.finalized"]
    assert events[0][1] == item
    names = {p["attribute_id"]: p for _, p in events[1:3]}
    name_value = names[setup.attr("Name")]
    assert name_value["object"] == "value" and name_value["data"] == "Park Güell"
    assert name_value["item_id"] == item["id"] and name_value["deleted"] is False
    finalized = events[3][1]
    assert finalized["id"] == item["id"]
    assert {v["attribute_id"] for v in finalized["values"]} >= {setup.attr("Name"), setup.attr("Cost")}

    url = setup.url(f"/items/{item['id']}")
    body = {
        "values": [
            {"attribute_id": setup.attr("Name"), "data": "Park Guell"},
            {"attribute_id": setup.attr("Notes"), "data": "new"},
        ]
    }
    assert (await client.patch(url, json=body, headers=setup.headers)).status_code == 200
    events = (await outbox(app, item["id"]))[4:]
    assert [e for e, _ in events] == ["item.updated", "value.updated", "value.created"]
    assert events[1][1]["data"] == "Park Guell"

    assert (await client.delete(url, headers=setup.headers)).status_code == 200
    events = (await outbox(app, item["id"]))[7:]
    assert [e for e, _ in events] == ["item.updated", "item.deleted"]
    assert events[0][1]["deleted"] is True and events[0][1]["id"] == item["id"]


async def test_rejected_write_records_nothing(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup)
    before = await outbox(app, item["id"])
    body = {"parent_id": item["id"]}
    response = await client.put(setup.url(f"/items/{item['id']}"), json=body, headers=setup.headers)
    assert response.status_code == 422
    assert await outbox(app, item["id"]) == before
