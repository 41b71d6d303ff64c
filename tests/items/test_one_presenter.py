"""One presenter: the same item shows the same `values` through GET item, the items list, a view
page and a comment's `expand[]=item.values` (an attachments value as full objects with signed
links everywhere, a reference value, a label value), and its event payload (webhooks and the
change feed deliver the stored payload) is built by the same value presenter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.core.events import OutboxEvent
from tests import factories_boards, factories_items
from tests.factories import Account
from tests.factories_attachments import install_runtime, upload
from tests.factories_items import PRICE_LABELS

# Links carry their expiry: a fixed clock makes two presentations of one file byte-identical.
NOW = 1_900_000_000.0


@pytest.fixture
def fixed_links(app: FastAPI, tmp_path: Path) -> Iterator[None]:
    previous = getattr(app.state, "attachments", None)
    runtime = install_runtime(app, tmp_path / "files")
    runtime.signer.clock = lambda: NOW
    yield
    app.state.attachments = previous


async def test_every_path_presents_the_same_values(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, fixed_links: None
) -> None:
    setup = await factories_items.board_setup(app, owner)
    files = await factories_boards.attribute(app, owner, setup.board_id, type="attachments", name="Files")
    h = setup.headers
    file_id = (await upload(client, owner, b"hello")).json()["id"]
    target = (await factories_items.create_item(client, setup, values={"Name": "Target"}))["id"]
    body = {
        "folder_id": setup.folder_id,
        "values": [
            {"attribute_id": setup.attr("Name"), "data": "Source"},
            {"attribute_id": setup.attr("Price"), "data": [PRICE_LABELS[0]["id"]]},
            {"attribute_id": files.id, "data": [{"id": file_id}]},
        ],
    }
    created = await client.post(setup.url("/items"), json=body, headers=h)
    assert created.status_code == 201, created.text
    item_id = created.json()["id"]
    linked = await client.post(
        setup.url("/references"),
        json={"attribute_id": setup.attr("Ref"), "from_item_id": item_id, "to_item_id": target},
        headers=h,
    )
    assert linked.status_code == 201, linked.text
    values = {"expand[]": "values"}

    got = (await client.get(setup.url(f"/items/{item_id}"), params=values, headers=h)).json()["values"]
    by_attribute = {v["attribute_id"]: v["data"] for v in got}
    [attachment] = by_attribute[files.id]
    assert attachment["id"] == file_id and "signature=" in attachment["link"]
    assert by_attribute[setup.attr("Ref")] == [target]
    assert by_attribute[setup.attr("Price")] == [PRICE_LABELS[0]["id"]]

    listed = await client.get(setup.url("/items"), params={**values, "limit": 100}, headers=h)
    [from_list] = [i["values"] for i in listed.json()["data"] if i["id"] == item_id]

    view = await client.post(
        setup.url("/views"), json={"type": "table", "folder_id": setup.folder_id}, headers=h
    )
    assert view.status_code == 201, view.text
    page = await client.get(setup.url(f"/views/{view.json()['id']}/items"), params=values, headers=h)
    [from_view] = [i["values"] for i in page.json()["data"] if i["id"] == item_id]

    comment = await client.post(setup.url(f"/items/{item_id}/comments"), json={"text": "Hi"}, headers=h)
    assert comment.status_code == 201, comment.text
    expanded = await client.get(
        setup.url(f"/items/{item_id}/comments/{comment.json()['id']}"),
        params={"expand[]": "item.values"},
        headers=h,
    )
    from_comment = expanded.json()["item"]["values"]

    assert from_list == got
    assert from_view == got
    assert from_comment == got

    payload = await _finalized(app, item_id)
    stored = {v["attribute_id"]: v["data"] for v in payload["values"]}
    assert stored[setup.attr("Price")] == by_attribute[setup.attr("Price")]
    # A stored payload names its files by id: a signed link in it would expire before a
    # retried delivery (see items/present.py Presenting).
    assert stored[files.id] == [{"id": file_id}]


async def _finalized(app: FastAPI, item_id: str) -> dict[str, Any]:
    async with app.state.db.transaction() as session:
        payload = await session.scalar(
            select(OutboxEvent.payload).where(
                OutboxEvent.item_id == item_id, OutboxEvent.event == "item.finalized"
            )
        )
    assert isinstance(payload, dict)
    return payload
