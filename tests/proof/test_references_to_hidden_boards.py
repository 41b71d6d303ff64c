"""Issue 20, also seen: a restricted member who sees board A but not board B must not learn the ids
of B's items through references of an item they see: not in the item's `reference` value (items
list, get item, view items, a comment's expanded item), not in the board's reference list."""

from __future__ import annotations

from typing import Any

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


async def _link(client: httpx.AsyncClient, board: BoardSetup, a: str, b: str) -> None:
    body = {"attribute_id": board.attributes["Related"], "from_item_id": a, "to_item_id": b}
    response = await client.post(board.path("/references"), json=body, headers=board.account.headers)
    assert response.status_code == 201, response.text


def _related(item: dict[str, Any], attribute_id: str) -> list[str]:
    for value in item["values"]:
        if value["attribute_id"] == attribute_id:
            return list(value["data"])
    return []


async def _seen_by(
    client: httpx.AsyncClient, who: Account, board: BoardSetup, item_id: str
) -> list[list[str]]:
    """The item's reference targets as `who` reads them through every route that shows values."""
    related = board.attributes["Related"]
    path = who.ws(f"/boards/{board.board_id}")
    expand = {"expand[]": "values"}
    got = await client.get(f"{path}/items/{item_id}", params=expand, headers=who.headers)
    assert got.status_code == 200, got.text
    listed = await client.get(f"{path}/items", params=expand, headers=who.headers)
    assert listed.status_code == 200, listed.text
    [in_list] = [i for i in listed.json()["data"] if i["id"] == item_id]
    comment = await client.post(
        f"{path}/items/{item_id}/comments",
        params={"expand[]": "item.values"},
        json={"text": "see related"},
        headers=who.headers,
    )
    assert comment.status_code in (200, 201), comment.text
    return [
        _related(got.json(), related),
        _related(in_list, related),
        _related(comment.json()["item"], related),
    ]


async def test_reference_values_and_lists_omit_items_of_hidden_boards(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    guest = await factories.member(app, owner.workspace_id, role="restricted-member")
    seen = await _board(app, owner, user_ids=[guest.user_id])
    hidden = await _board(app, owner)
    a = await factories_collab.item(app, seen, {"Name": "A"})
    b = await factories_collab.item(app, seen, {"Name": "B"})
    secret = await factories_collab.item(app, hidden, {"Name": "Secret"})
    await _link(client, seen, a, b)
    await _link(client, seen, a, secret)

    # The owner sees both targets, in link order.
    assert await _seen_by(client, owner, seen, a) == [[b, secret]] * 3
    # The restricted member sees only the item of the board they may see (before: both ids).
    assert await _seen_by(client, guest, seen, a) == [[b]] * 3

    references = await client.get(seen.path("/references"), headers=guest.headers)
    assert references.status_code == 200, references.text
    assert [r["to_item_id"] for r in references.json()["data"]] == [b]
    assert secret not in references.text
    owners = await client.get(seen.path("/references"), headers=owner.headers)
    assert {r["to_item_id"] for r in owners.json()["data"]} == {b, secret}

    # Once the member is put on the hidden board, the reference shows up for them too.
    listed = await client.put(
        owner.ws(f"/boards/{hidden.board_id}"), json={"user_ids": [guest.user_id]}, headers=owner.headers
    )
    assert listed.status_code == 200, listed.text
    assert await _seen_by(client, guest, seen, a) == [[b, secret]] * 3
