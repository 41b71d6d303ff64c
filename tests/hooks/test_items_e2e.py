"""End to end: real item and comment API calls produce the deliveries."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from standardwebhooks import Webhook

from openinfinity.hooks.dispatcher import Dispatcher
from openinfinity.hooks.schemas import HOOK_EVENTS
from tests import factories_items
from tests.factories import Account
from tests.hooks.receiver import Receiver
from tests.hooks.test_routes import create


async def test_item_writes_reach_the_hook_in_order(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    setup = await factories_items.board_setup(hooks_app, hooker)
    hook = await create(hclient, hooker, setup.board_id, url=receiver.url(), events=list(HOOK_EVENTS))
    only_finalized = await create(
        hclient, hooker, setup.board_id, url=receiver.url("finalized"), events=["item.finalized"]
    )

    item = await factories_items.create_item(hclient, setup, values={"Name": "Park Güell", "Cost": 10})
    await dispatcher.drain()
    created = receiver.at()
    assert [r.event for r in created] == ["item.created", "value.created", "value.created", "item.finalized"]
    assert created[0].payload == item
    values = {r.payload["attribute_id"]: r.payload for r in created[1:3]}
    assert values[setup.attr("Name")]["data"] == "Park Güell"
    assert all(v["item_id"] == item["id"] and v["object"] == "value" for v in values.values())
    finalized = created[3].payload
    assert finalized["id"] == item["id"]
    assert {v["attribute_id"] for v in finalized["values"]} >= {setup.attr("Name"), setup.attr("Cost")}
    [only] = receiver.at("finalized")
    assert only.event == "item.finalized"
    Webhook(only_finalized["secret"]).verify(only.body, only.headers)

    url = setup.url(f"/items/{item['id']}")
    body = {
        "values": [
            {"attribute_id": setup.attr("Name"), "data": "Park Guell"},
            {"attribute_id": setup.attr("Notes"), "data": "new"},
        ]
    }
    assert (await hclient.patch(url, json=body, headers=setup.headers)).status_code == 200
    await dispatcher.drain()
    updated = receiver.at()[4:]
    assert [r.event for r in updated] == ["item.updated", "value.updated", "value.created"]
    assert updated[1].payload["data"] == "Park Guell"

    assert (await hclient.delete(url, headers=setup.headers)).status_code == 200
    await dispatcher.drain()
    deleted = receiver.at()[7:]
    assert [r.event for r in deleted] == ["item.updated", "item.deleted"]
    assert deleted[0].payload["deleted"] is True and deleted[0].payload["id"] == item["id"]

    verifier = Webhook(hook["secret"])
    for request in receiver.at():
        verifier.verify(request.body, request.headers)
    assert len({r.headers["webhook-id"] for r in receiver.at()}) == len(receiver.at())


async def test_a_rejected_item_write_delivers_nothing(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    setup = await factories_items.board_setup(hooks_app, hooker)
    await create(hclient, hooker, setup.board_id, url=receiver.url(), events=list(HOOK_EVENTS))
    item = await factories_items.create_item(hclient, setup)
    await dispatcher.drain()
    before = len(receiver.at())
    response = await hclient.put(
        setup.url(f"/items/{item['id']}"), json={"parent_id": item["id"]}, headers=setup.headers
    )
    assert response.status_code == 422
    await dispatcher.drain()
    assert len(receiver.at()) == before


async def test_comment_writes_reach_the_hook(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    setup = await factories_items.board_setup(hooks_app, hooker)
    hook = await create(
        hclient, hooker, setup.board_id, url=receiver.url(), events=["comment.created", "comment.updated"]
    )
    item = await factories_items.create_item(hclient, setup, values={"Name": "Sagrada Família"})
    comments = setup.url(f"/items/{item['id']}/comments")
    created = await hclient.post(comments, json={"text": "<p>Book tickets</p>"}, headers=setup.headers)
    assert created.status_code == 201
    edited = await hclient.put(
        f"{comments}/{created.json()['id']}", json={"text": "<p>Booked</p>"}, headers=setup.headers
    )
    assert edited.status_code == 200
    await dispatcher.drain()
    received = receiver.at()
    assert [r.event for r in received] == ["comment.created", "comment.updated"]
    first = received[0].payload
    assert first["id"] == created.json()["id"] and first["text"] == "<p>Book tickets</p>"
    assert first["item"] == {"id": item["id"], "folder_id": item["folder_id"]}
    assert first["created_by"] == hooker.user_id
    assert received[1].payload["text"] == "<p>Booked</p>"
    for request in received:
        Webhook(hook["secret"]).verify(request.body, request.headers)
