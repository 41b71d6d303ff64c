"""GET /workspaces/{ws}/references[?item_id=]: references across the boards the caller can see (an
item's, both ways, with item_id), with the board of each end."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests import factories, factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup


async def _board(app: FastAPI, owner: Account, user_ids: list[int] | None = None) -> BoardSetup:
    board = await factories_collab.board(app, owner, user_ids=user_ids)
    await factories_collab.attribute(app, board, "Name", "text")
    await factories_collab.attribute(app, board, "Related", "reference")
    return board


async def _link(client: httpx.AsyncClient, board: BoardSetup, a: str, b: str) -> str:
    body = {"attribute_id": board.attributes["Related"], "from_item_id": a, "to_item_id": b}
    response = await client.post(board.path("/references"), json=body, headers=board.account.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _listed(client: httpx.AsyncClient, who: Account, item_id: str, **params: str) -> httpx.Response:
    return await client.get(who.ws("/references"), params={"item_id": item_id, **params}, headers=who.headers)


async def test_both_directions_across_boards_with_their_boards(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    guest = await factories.member(app, owner.workspace_id, role="restricted-member")
    roadmap = await _board(app, owner, user_ids=[guest.user_id])
    marketing = await _board(app, owner)
    a = await factories_collab.item(app, roadmap, {"Name": "A"})
    b = await factories_collab.item(app, roadmap, {"Name": "B"})
    c = await factories_collab.item(app, marketing, {"Name": "C"})
    unrelated = await factories_collab.item(app, roadmap, {"Name": "D"})
    a_to_b = await _link(client, roadmap, a, b)
    a_to_c = await _link(client, roadmap, a, c)
    c_to_a = await _link(client, marketing, c, a)
    b_to_d = await _link(client, roadmap, b, unrelated)

    response = await _listed(client, owner, a, sort_by="id", sort_direction="asc")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["data"]}
    assert set(rows) == {a_to_b, a_to_c, c_to_a}
    assert list(rows[a_to_c]) == [
        "id",
        "object",
        "attribute_id",
        "from_item_id",
        "to_item_id",
        "from_board_id",
        "to_board_id",
    ]
    assert (rows[a_to_c]["from_board_id"], rows[a_to_c]["to_board_id"]) == (
        roadmap.board_id,
        marketing.board_id,
    )
    assert (rows[c_to_a]["from_board_id"], rows[c_to_a]["to_board_id"]) == (
        marketing.board_id,
        roadmap.board_id,
    )
    assert (rows[a_to_b]["from_item_id"], rows[a_to_b]["to_item_id"]) == (a, b)

    # A restricted member on the roadmap only: nothing whose other end is on a board they cannot see.
    seen = (await _listed(client, guest, a)).json()["data"]
    assert [row["id"] for row in seen] == [a_to_b]

    # Deleted items leave the list; pages are keyset pages like every list.
    deleted = await client.delete(marketing.path(f"/items/{c}"), headers=owner.headers)
    assert deleted.status_code == 200
    first = (await _listed(client, owner, b, limit="1")).json()
    assert len(first["data"]) == 1 and first["has_more"] is True
    rest = (await _listed(client, owner, b, limit="1", after=first["after"])).json()
    assert {first["data"][0]["id"], rest["data"][0]["id"]} == {a_to_b, b_to_d}
    assert [row["id"] for row in (await _listed(client, owner, a)).json()["data"]] == [a_to_b]


async def test_without_item_id_every_visible_reference(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    guest = await factories.member(app, owner.workspace_id, role="restricted-member")
    shared = await _board(app, owner, user_ids=[guest.user_id])
    private = await _board(app, owner)
    a, b = [await factories_collab.item(app, shared, {"Name": n}) for n in "AB"]
    c = await factories_collab.item(app, private, {"Name": "C"})
    a_to_b = await _link(client, shared, a, b)
    a_to_c = await _link(client, shared, a, c)
    listed = await client.get(owner.ws("/references"), headers=owner.headers)
    assert {row["id"] for row in listed.json()["data"]} == {a_to_b, a_to_c}
    for_guest = await client.get(owner.ws("/references"), headers=guest.headers)
    assert [row["id"] for row in for_guest.json()["data"]] == [a_to_b]


async def test_bad_requests(app: FastAPI, client: httpx.AsyncClient, owner: Account) -> None:
    too_long = await _listed(client, owner, "x" * 65)
    assert too_long.status_code == 422
    assert (await _listed(client, owner, "no-such-item")).json()["data"] == []
    stranger = await factories.account(app)
    refused = await client.get(owner.ws("/references"), params={"item_id": "x"}, headers=stranger.headers)
    assert refused.status_code == 404
