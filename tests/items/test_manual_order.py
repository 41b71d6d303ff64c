"""`sort_by=sort_order`: items listed in their manual order (the order people drag rows into),
keyset-paged on (sort_order, id) through the board, a folder, sub-items and search."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests.factories import Account
from tests.factories_items import BoardSetup, board_setup, create_item


async def _walk(client: httpx.AsyncClient, setup: BoardSetup, url: str, params: dict[str, Any]) -> list[str]:
    seen: list[str] = []
    after = None
    for _ in range(50):
        query = {**params, **({"after": after} if after else {})}
        response = await client.get(url, params=query, headers=setup.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [i["id"] for i in page["data"]]
        if not page["has_more"]:
            return seen
        after = page["after"]
    raise AssertionError("pagination did not end")


async def test_folder_items_follow_the_manual_order_across_pages(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    ids = [(await create_item(client, setup, values={"Name": f"n{i}"}))["id"] for i in range(7)]
    # Move the last item between the first two (a fractional sort_order), the first to the end.
    first, second = [
        (await client.get(setup.url(f"/items/{i}"), headers=setup.headers)).json() for i in ids[:2]
    ]
    between = (float(first["sort_order"]) + float(second["sort_order"])) / 2
    moved = await client.put(
        setup.url(f"/items/{ids[6]}"), json={"sort_order": between}, headers=setup.headers
    )
    assert moved.status_code == 200, moved.text
    await client.put(setup.url(f"/items/{ids[0]}"), json={"sort_order": 10**9}, headers=setup.headers)
    expected = [ids[6], *ids[1:6], ids[0]]

    for url in (setup.url(f"/folders/{setup.folder_id}/items"), setup.url("/items")):
        params = {"limit": 3, "sort_by": "sort_order", "sort_direction": "asc"}
        if url.endswith("/items") and "/folders/" not in url:
            params["folder_id"] = setup.folder_id
        assert await _walk(client, setup, url, params) == expected
        assert await _walk(client, setup, url, {**params, "sort_direction": "desc"}) == expected[::-1]


async def test_ties_break_by_id_and_before_walks_back(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    ids = [(await create_item(client, setup, sort_order=5))["id"] for _ in range(4)]
    params = {"limit": 2, "sort_by": "sort_order", "sort_direction": "asc", "folder_id": setup.folder_id}
    seen = await _walk(client, setup, setup.url("/items"), params)
    assert seen == sorted(ids)
    last = (
        await client.get(setup.url("/items"), params={**params, "limit": 4}, headers=setup.headers)
    ).json()
    back = await client.get(
        setup.url("/items"), params={**params, "before": last["after"]}, headers=setup.headers
    )
    assert [i["id"] for i in back.json()["data"]] == sorted(ids)[1:3]


async def test_sub_items_and_search_in_manual_order(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    parent = await create_item(client, setup, values={"Name": "parent"})
    late = await create_item(
        client, setup, parent_id=parent["id"], values={"Name": "lantern late"}, sort_order=9
    )
    early = await create_item(
        client, setup, parent_id=parent["id"], values={"Name": "lantern early"}, sort_order=1
    )
    params = {"sort_by": "sort_order", "sort_direction": "asc"}
    children = await client.get(
        setup.url("/items"), params={**params, "parent_id": parent["id"]}, headers=setup.headers
    )
    assert [i["id"] for i in children.json()["data"]] == [early["id"], late["id"]]
    top = await client.get(setup.url("/items"), params={**params, "parent_id": "null"}, headers=setup.headers)
    assert [i["id"] for i in top.json()["data"]] == [parent["id"]]
    found = await _walk(client, setup, setup.url("/items"), {**params, "q": "lantern", "limit": 1})
    assert found == [early["id"], late["id"]]


async def test_bad_sort_and_cursor_are_422(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    bad = await client.get(setup.url("/items"), params={"sort_by": "name"}, headers=setup.headers)
    assert bad.status_code == 422
    cursor = await client.get(
        setup.url("/items"), params={"sort_by": "sort_order", "after": "eCxpbmY="}, headers=setup.headers
    )
    assert cursor.status_code == 422 and "after" in cursor.json()["invalidFields"]
    # Other lists keep their two orders.
    boards = await client.get(owner.ws("/boards"), params={"sort_by": "sort_order"}, headers=setup.headers)
    assert boards.status_code == 422
