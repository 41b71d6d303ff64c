"""Search after attribute changes: `items.search.reindex_attribute` rebuilds the documents."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from openinfinity.items.search import reindex_attribute
from tests.factories import Account
from tests.factories_items import board_setup, create_item


async def test_deleted_attribute_stops_matching(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "zebra", "Notes": "giraffe"})
    response = await client.delete(setup.url(f"/attributes/{setup.attr('Name')}"), headers=setup.headers)
    assert response.status_code == 200
    async with app.state.db.transaction() as session:
        await reindex_attribute(session, setup.attr("Name"))

    async def found(q: str) -> list[str]:
        response = await client.get(setup.url("/items"), params={"q": q}, headers=setup.headers)
        return [i["id"] for i in response.json()["data"]]

    assert await found("zebra") == []
    assert await found("giraffe") == [item["id"]]


async def test_type_change_moves_values_between_tiers(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    by_text = await create_item(client, setup, values={"Name": "777 plan"})
    by_number = await create_item(client, setup, values={"Cost": 777})

    async def found(q: str) -> list[str]:
        response = await client.get(setup.url("/items"), params={"q": q}, headers=setup.headers)
        return [i["id"] for i in response.json()["data"]]

    assert await found("777") == [by_text["id"], by_number["id"]]
    response = await client.put(
        setup.url(f"/attributes/{setup.attr('Cost')}"), json={"type": "text"}, headers=setup.headers
    )
    assert response.status_code == 200, response.text
    async with app.state.db.transaction() as session:
        await reindex_attribute(session, setup.attr("Cost"))
    # Both are text matches now, so the newest comes first.
    assert await found("777") == [by_number["id"], by_text["id"]]
