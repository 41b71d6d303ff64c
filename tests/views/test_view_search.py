"""`q` on a view's items: the items list's search within the view's folder, filter and order."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests import factories, factories_collab


async def _ids(client: httpx.AsyncClient, url: str, headers: dict[str, str], **params: Any) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        query = {"limit": 2, **params, **({"after": after} if after else {})}
        response = await client.get(url, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [item["id"] for item in page["data"]]
        if not page["has_more"]:
            return seen
        after = page["after"]


async def test_q_searches_within_the_view_in_its_order(app: FastAPI, client: httpx.AsyncClient) -> None:
    owner = await factories.account(app)
    setup = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, setup, "Name", "text")
    await factories_collab.attribute(app, setup, "Count", "number")
    names = {
        "Launch plan": 5,
        "Launch notes": 9,
        "Launch retro": 1,
        "Budget review": 7,
        "Launchpad costs": 8,
    }
    ids = {
        name: await factories_collab.item(app, setup, {"Name": name, "Count": n}) for name, n in names.items()
    }
    settings = {
        "filter": {"conditions": [{"attributeId": setup.attributes["Count"], "operator": "gte", "value": 5}]},
        "sort": {
            "conditions": [{"attributeId": setup.attributes["Count"], "settings": {"direction": "desc"}}]
        },
    }
    view = (
        await client.post(
            setup.path("/views"),
            json={"type": "list", "folder_id": setup.folder_id, "settings": settings},
            headers=owner.headers,
        )
    ).json()
    url = setup.path(f"/views/{view['id']}/items")

    # Filter (Count >= 5) and order (Count desc) of the view, then the search (prefix words).
    assert await _ids(client, url, owner.headers, q="launch") == [
        ids["Launch notes"],
        ids["Launchpad costs"],
        ids["Launch plan"],
    ]
    assert await _ids(client, url, owner.headers, q="launch notes") == [ids["Launch notes"]]
    assert await _ids(client, url, owner.headers, q="retro") == []  # matches, but filtered out
    assert await _ids(client, url, owner.headers, q="nothing-like-this") == []
    # No words (or no q): the whole view.
    everything = await _ids(client, url, owner.headers)
    assert await _ids(client, url, owner.headers, q=" ,; ") == everything
    assert len(everything) == 4


async def test_q_is_bounded(app: FastAPI, client: httpx.AsyncClient) -> None:
    owner = await factories.account(app)
    setup = await factories_collab.board(app, owner)
    view = (
        await client.post(
            setup.path("/views"), json={"type": "list", "folder_id": setup.folder_id}, headers=owner.headers
        )
    ).json()
    response = await client.get(
        setup.path(f"/views/{view['id']}/items"), params={"q": "x" * 501}, headers=owner.headers
    )
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["q"]
