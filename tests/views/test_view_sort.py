"""Sorting by every sortable type, and keyset pagination of filtered, sorted views."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories_collab
from tests.factories import Account
from tests.views import world as worlds
from tests.views.world import World

# attribute -> (ascending order, descending order); items without a value always come last,
# ties fall back to the manual order (A=1, B=2, C=3, D=4).
SORTS: dict[str, tuple[str, str]] = {
    "Name": ("ABCD", "CBAD"),
    "Notes": ("ABCD", "BACD"),
    "Email": ("ABCD", "ABCD"),
    "Phone": ("ABCD", "ABCD"),
    "Site": ("ABCD", "ABCD"),
    "Count": ("CBAD", "ABCD"),
    "Stars": ("ABCD", "BACD"),
    "Pct": ("ABCD", "ABCD"),
    "Done": ("BACD", "ABCD"),
    "Due": ("CABD", "BACD"),
    "Price": ("ABCD", "CABD"),
    "People": ("ABCD", "ABCD"),
    "Votes": ("BACD", "ABCD"),
    "Tasks": ("ABCD", "BACD"),
    "Created": ("ABCD", "DCBA"),
    # A changed last: linking it to B (world.py) writes its reference value, which moves updated_at.
    "Updated": ("BCDA", "ADCB"),
    "Creator": ("ACDB", "BACD"),
}


@pytest.fixture(scope="module")
async def world(app: FastAPI) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield await worlds.build(app, http)


def sort(world: World, *pairs: tuple[str, str]) -> dict[str, Any]:
    return {
        "sort": {
            "conditions": [
                {"attributeId": world.attr(name), "settings": {"direction": direction}}
                for name, direction in pairs
            ]
        }
    }


@pytest.mark.parametrize("attribute", list(SORTS))
async def test_sort_by_every_sortable_type(client: httpx.AsyncClient, world: World, attribute: str) -> None:
    ascending, descending = SORTS[attribute]
    assert "".join(await world.items(client, sort(world, (attribute, "asc")))) == ascending
    assert "".join(await world.items(client, sort(world, (attribute, "desc")))) == descending


async def test_default_order_and_multi_key_sort(client: httpx.AsyncClient, world: World) -> None:
    assert "".join(await world.items(client, {})) == "ABCD"
    assert "".join(await world.items(client, sort(world, ("Price", "desc"), ("Name", "desc")))) == "CBAD"
    assert "".join(await world.items(client, sort(world, ("Price", "asc"), ("Count", "asc")))) == "BACD"


@pytest.mark.parametrize("attribute", ["Image", "Related", "Folder"])
async def test_unsortable_types_are_rejected(client: httpx.AsyncClient, world: World, attribute: str) -> None:
    response = await world.view(client, sort(world, (attribute, "asc")))
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["settings.sort.conditions.0.attributeId"]


@pytest.fixture(scope="module")
async def big(app: FastAPI) -> AsyncIterator[tuple[factories_collab.BoardSetup, dict[str, tuple[str, int]]]]:
    """30 items: Name in three groups (ties), Count 0..29."""
    from tests import factories

    owner: Account = await factories.account(app)
    setup = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, setup, "Name", "text")
    await factories_collab.attribute(app, setup, "Count", "number")
    items: dict[str, tuple[str, int]] = {}
    for i in range(30):
        name = ["red", "green", "blue"][i % 3]
        item_id = await factories_collab.item(
            app, setup, {"Name": name, "Count": i}, sort_order=float(30 - i)
        )
        items[item_id] = (name, i)
    yield setup, items


async def _walk(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    limit: int,
    *,
    start: dict[str, str] | None = None,
) -> tuple[list[str], list[dict[str, Any]]]:
    seen: list[str] = []
    pages: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit, **(start or {})}
    for _ in range(50):
        page = (await client.get(url, params=params, headers=headers)).json()
        pages.append(page)
        seen += [i["id"] for i in page["data"]]
        if not page["has_more"]:
            break
        params = {"limit": limit, "after": page["after"]}
    return seen, pages


async def test_pagination_of_a_filtered_sorted_view(
    client: httpx.AsyncClient, big: tuple[factories_collab.BoardSetup, dict[str, tuple[str, int]]]
) -> None:
    setup, items = big
    headers = setup.account.headers
    settings = {
        "filter": {"conditions": [{"attributeId": setup.attributes["Count"], "operator": "gte", "value": 5}]},
        "sort": {
            "conditions": [
                {"attributeId": setup.attributes["Name"], "settings": {"direction": "desc"}},
                {"attributeId": setup.attributes["Count"], "settings": {"direction": "asc"}},
            ]
        },
    }
    view = (
        await client.post(
            setup.path("/views"),
            json={"type": "list", "folder_id": setup.folder_id, "settings": settings},
            headers=headers,
        )
    ).json()
    url = setup.path(f"/views/{view['id']}/items")
    expected = sorted(
        (item_id for item_id, (_, count) in items.items() if count >= 5),
        key=lambda i: ({"red": 0, "green": 1, "blue": 2}[items[i][0]], items[i][1]),
    )
    for limit in (1, 4, 7, 25, 100):
        seen, pages = await _walk(client, url, headers, limit)
        assert seen == expected, limit
        assert all(len(p["data"]) <= limit for p in pages)
    # going back from the last page with `before` returns the previous page exactly
    seen, pages = await _walk(client, url, headers, 4)
    last = pages[-1]
    previous = (await client.get(url, params={"limit": 4, "before": last["before"]}, headers=headers)).json()
    assert [i["id"] for i in previous["data"]] == [i["id"] for i in pages[-2]["data"]]


async def test_pagination_with_ties_and_empty_values(
    client: httpx.AsyncClient,
    app: FastAPI,
    big: tuple[factories_collab.BoardSetup, dict[str, tuple[str, int]]],
) -> None:
    setup, items = big
    headers = setup.account.headers
    settings = {
        "sort": {"conditions": [{"attributeId": setup.attributes["Name"], "settings": {"direction": "asc"}}]}
    }
    view = (
        await client.post(
            setup.path("/views"),
            json={"type": "list", "folder_id": setup.folder_id, "settings": settings},
            headers=headers,
        )
    ).json()
    url = setup.path(f"/views/{view['id']}/items")
    seen, _ = await _walk(client, url, headers, 4)
    assert len(seen) == len(set(seen)) == 30
    names = [items[i][0] for i in seen]
    assert names == sorted(names)
    # within a tie the manual order (sort_order, here 30 - count) decides
    reds = [items[i][1] for i in seen if items[i][0] == "red"]
    assert reds == sorted(reds, reverse=True)


async def test_bad_cursors_are_422(
    client: httpx.AsyncClient, big: tuple[factories_collab.BoardSetup, dict[str, tuple[str, int]]]
) -> None:
    setup, _ = big
    headers = setup.account.headers
    view = (
        await client.post(
            setup.path("/views"), json={"type": "list", "folder_id": setup.folder_id}, headers=headers
        )
    ).json()
    url = setup.path(f"/views/{view['id']}/items")
    for cursor in ("!!!", "e30", "WzEsMl0", "WyJhIiwiYiJd", "W251bGwsIngiXQ"):
        response = await client.get(url, params={"after": cursor}, headers=headers)
        assert response.status_code == 422, cursor
        assert response.json()["invalidFields"] == ["after"]
    assert (await client.get(url, params={"limit": 0}, headers=headers)).status_code == 422
    assert (await client.get(url, params={"limit": 101}, headers=headers)).status_code == 422
    assert (await client.get(setup.path("/views/nope/items"), headers=headers)).status_code == 404
