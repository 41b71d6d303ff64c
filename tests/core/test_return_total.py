"""`return=total` on every list endpoint: `{"total": N}` where N is the length of the full list
(filters applied, `limit` and cursors ignored)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.auth.test_route_scopes import _flat_routes
from tests.factories_auth import admin, oauth_client
from tests.factories_items import BoardSetup, board_setup, create_item

BOARD = "/api/v2/workspaces/{workspace}/boards/{board_id}"
# Every list endpoint, with the query that narrows it when it has filters.
LISTS: dict[str, dict[str, str]] = {
    BOARD + "/items": {},
    BOARD + "/items?q": {"q": "alpha"},
    BOARD + "/items?folder_id": {"folder_id": "{folder_id}"},
    BOARD + "/folders/{folder_id}/items": {},
    BOARD + "/views": {},
    BOARD + "/views/{view_id}/items": {},
    BOARD + "/views/{view_id}/items?q": {"q": "alpha"},
    BOARD + "/items/{item_id}/comments": {},
    BOARD + "/references": {},
    "/api/v2/workspaces/{workspace}/references": {},
    BOARD + "/attributes": {},
    BOARD + "/folders": {},
    "/api/v2/workspaces/{workspace}/boards": {},
    BOARD + "/hooks": {},
    BOARD + "/hooks/{hook_id}/deliveries": {},
    "/api/v2/workspaces/{workspace}/users": {},
    "/api/v2/workspaces/{workspace}/members": {},
    "/api/v2/workspaces": {},
    "/api/v2/profile/tokens": {},
    "/api/v2/profile/clients": {},
    "/api/v2/admin/users": {},
    "/api/v2/admin/workspaces": {},
    "/api/v2/admin/tokens": {},
    "/api/v2/admin/hooks": {},
    BOARD + "/items/{item_id}/history": {},
    BOARD + "/items/{item_id}/history?attribute_id": {"attribute_id": "{name_attribute_id}"},
    "/api/v2/workspaces/{workspace}/audit": {},
    "/api/v2/admin/workspaces/{workspace_id}/audit": {},
}
# A feed of changes from a cursor, not a list of resources: no total.
NOT_LISTS = {BOARD + "/changes"}


@dataclass
class World:
    setup: BoardSetup
    ids: dict[str, str]

    def url(self, template: str) -> str:
        path = template.split("?")[0]
        values = {
            "workspace": str(self.setup.account.workspace_id),
            "workspace_id": str(self.setup.account.workspace_id),
            "board_id": self.setup.board_id,
            **self.ids,
        }
        return path.format(**values)

    def params(self, template: str) -> dict[str, str]:
        return {k: v.format(**self.ids) for k, v in LISTS[template].items()}


@pytest.fixture
async def world(client: httpx.AsyncClient, app: FastAPI) -> World:
    owner = await admin(app)
    setup = await board_setup(app, owner)
    headers = setup.headers
    first = await create_item(client, setup, values={"Name": "alpha one"})
    second = await create_item(client, setup, values={"Name": "alpha two"})
    await create_item(client, setup, values={"Name": "beta"}, folder_id=setup.other_folder_id)
    for text in ("one", "two", "three"):
        response = await client.post(
            setup.url(f"/items/{first['id']}/comments"), json={"text": text}, headers=headers
        )
        assert response.status_code in (200, 201), response.text
    reference = {"attribute_id": setup.attr("Ref"), "from_item_id": first["id"], "to_item_id": second["id"]}
    response = await client.post(setup.url("/references"), json=reference, headers=headers)
    assert response.status_code in (200, 201), response.text
    view = await client.post(
        setup.url("/views"),
        json={"type": "list", "folder_id": setup.folder_id, "settings": {}},
        headers=headers,
    )
    assert view.status_code in (200, 201), view.text
    hook = await client.post(setup.url("/hooks"), json={"url": "https://93.184.215.14/hook"}, headers=headers)
    assert hook.status_code == 201, hook.text
    await oauth_client(app, owner.user_id)
    ids = {
        "folder_id": setup.folder_id,
        "item_id": first["id"],
        "view_id": view.json()["id"],
        "hook_id": hook.json()["id"],
        "name_attribute_id": setup.attr("Name"),
    }
    return World(setup, ids)


async def _full_length(
    client: httpx.AsyncClient, url: str, params: dict[str, str], headers: dict[str, str]
) -> int:
    """The list's length, read page by page."""
    count, after = 0, None
    while True:
        page_params = {**params, "limit": "2", **({"after": after} if after else {})}
        response = await client.get(url, params=page_params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        count += len(page["data"])
        if not page["has_more"]:
            return count
        after = page["after"]


@pytest.mark.parametrize("template", list(LISTS))
async def test_return_total_counts_the_whole_list(
    client: httpx.AsyncClient, world: World, template: str
) -> None:
    url, params, headers = world.url(template), world.params(template), world.setup.headers
    expected = await _full_length(client, url, params, headers)
    # limit and cursors do not narrow the count.
    response = await client.get(url, params={**params, "return": "total", "limit": "1"}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == {"total": expected}
    assert expected > 0 or template.endswith("/deliveries")


async def test_the_counts_follow_the_filters(client: httpx.AsyncClient, world: World) -> None:
    headers = world.setup.headers
    items = world.url(BOARD + "/items")

    async def total(url: str, **params: str) -> Any:
        response = await client.get(url, params={**params, "return": "total"}, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    assert await total(items) == {"total": 3}
    assert await total(items, q="alpha") == {"total": 2}
    assert await total(items, q="nothing-like-this") == {"total": 0}
    assert await total(items, folder_id=world.ids["folder_id"]) == {"total": 2}
    assert await total(world.url(BOARD + "/views/{view_id}/items")) == {"total": 2}
    bad = await client.get(items, params={"return": "everything"}, headers=headers)
    assert bad.status_code == 422


def _list_routes(app: FastAPI) -> Iterator[str]:
    for route in _flat_routes(app):
        if "GET" in route.methods and route.path.startswith("/api/"):
            names = {p.alias for p in route.dependant.query_params}
            for dep in route.dependant.dependencies:
                names |= {p.alias for p in dep.query_params}
            if "limit" in names:
                yield route.path


async def test_every_list_endpoint_is_covered(app: FastAPI) -> None:
    covered = {template.split("?")[0] for template in LISTS}
    assert set(_list_routes(app)) - NOT_LISTS == covered
