from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.items.models import Value
from tests import factories, factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup


@pytest.fixture
async def setup(app: FastAPI, owner: Account) -> BoardSetup:
    board = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, board, "Name", "text")
    await factories_collab.attribute(app, board, "Related", "reference")
    await factories_collab.attribute(app, board, "Blocks", "reference")
    return board


async def _value(app: FastAPI, item_id: str, attribute_id: str) -> Value | None:
    async with app.state.db.transaction(write=False) as session:
        return await session.scalar(
            select(Value).where(Value.item_id == item_id, Value.attribute_id == attribute_id)
        )


async def _create(
    client: httpx.AsyncClient, setup: BoardSetup, a: str, b: str, attr: str = "Related"
) -> httpx.Response:
    body = {"attribute_id": setup.attributes[attr], "from_item_id": a, "to_item_id": b}
    return await client.post(setup.path("/references"), json=body, headers=setup.account.headers)


async def test_create_get_list_delete_match_seed(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    a = await factories_collab.item(app, setup, {"Name": "A"})
    b = await factories_collab.item(app, setup, {"Name": "B"})
    created = await _create(client, setup, a, b)
    assert created.status_code == 201
    body = created.json()
    assert list(body) == ["id", "object", "attribute_id", "from_item_id", "to_item_id"]
    assert body["object"] == "reference"
    assert (body["attribute_id"], body["from_item_id"], body["to_item_id"]) == (
        setup.attributes["Related"],
        a,
        b,
    )
    headers = setup.account.headers
    got = await client.get(setup.path(f"/references/{body['id']}"), headers=headers)
    assert got.status_code == 200 and got.json() == body
    listed = (await client.get(setup.path("/references"), headers=headers)).json()
    assert set(listed) == {"has_more", "before", "after", "data"} and listed["data"] == [body]
    deleted = await client.delete(setup.path(f"/references/{body['id']}"), headers=headers)
    assert deleted.status_code == 200
    assert deleted.json() == {"id": body["id"], "object": "reference", "deleted": True}
    assert (await client.get(setup.path(f"/references/{body['id']}"), headers=headers)).status_code == 404
    empty = (await client.get(setup.path("/references"), headers=headers)).json()
    assert empty == {"has_more": False, "before": "", "after": "", "data": []}


async def test_value_follows_references_both_ways(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    a, b, c = [await factories_collab.item(app, setup, {"Name": n}) for n in "ABC"]
    related = setup.attributes["Related"]
    first = (await _create(client, setup, a, b)).json()
    second = (await _create(client, setup, a, c)).json()
    value = await _value(app, a, related)
    assert value is not None and value.data == [b, c] and value.number_key == 2.0
    # the other attribute and the other direction are untouched
    assert await _value(app, a, setup.attributes["Blocks"]) is None
    assert await _value(app, b, related) is None
    await client.delete(setup.path(f"/references/{first['id']}"), headers=setup.account.headers)
    value = await _value(app, a, related)
    assert value is not None and value.data == [c] and value.number_key == 1.0
    await client.delete(setup.path(f"/references/{second['id']}"), headers=setup.account.headers)
    assert await _value(app, a, related) is None


async def test_duplicates_are_not_created_twice(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    a = await factories_collab.item(app, setup, {"Name": "A"})
    b = await factories_collab.item(app, setup, {"Name": "B"})
    first = await _create(client, setup, a, b)
    again = await _create(client, setup, a, b)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == first.json()
    other_attribute = await _create(client, setup, a, b, attr="Blocks")
    assert other_attribute.status_code == 201 and other_attribute.json()["id"] != first.json()["id"]
    listed = (await client.get(setup.path("/references"), headers=setup.account.headers)).json()["data"]
    assert len(listed) == 2
    value = await _value(app, a, setup.attributes["Related"])
    assert value is not None and value.data == [b]


async def test_filters_and_pagination(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    a, b, c = [await factories_collab.item(app, setup, {"Name": n}) for n in "ABC"]
    ab = (await _create(client, setup, a, b)).json()
    ac = (await _create(client, setup, a, c)).json()
    cb = (await _create(client, setup, c, b, attr="Blocks")).json()
    headers = setup.account.headers

    async def ids(**params: str) -> set[str]:
        page = (await client.get(setup.path("/references"), params=params, headers=headers)).json()
        return {r["id"] for r in page["data"]}

    assert await ids(from_item_id=a) == {ab["id"], ac["id"]}
    assert await ids(to_item_id=b) == {ab["id"], cb["id"]}
    assert await ids(attribute_id=setup.attributes["Blocks"]) == {cb["id"]}
    assert await ids(from_item_id=a, to_item_id=c) == {ac["id"]}
    seen: list[str] = []
    after = ""
    for _ in range(5):
        params = {
            "limit": "1",
            "sort_by": "id",
            "sort_direction": "asc",
            **({"after": after} if after else {}),
        }
        page = (await client.get(setup.path("/references"), params=params, headers=headers)).json()
        seen += [r["id"] for r in page["data"]]
        if not page["has_more"]:
            break
        after = page["after"]
    assert seen == sorted([ab["id"], ac["id"], cb["id"]])


async def test_validation(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    a = await factories_collab.item(app, setup, {"Name": "A"})
    b = await factories_collab.item(app, setup, {"Name": "B"})
    headers = setup.account.headers
    missing = await client.post(setup.path("/references"), json={}, headers=headers)
    assert missing.status_code == 422
    assert set(missing.json()["errors"]) == {"attribute_id", "from_item_id", "to_item_id"}
    not_reference = await client.post(
        setup.path("/references"),
        json={"attribute_id": setup.attributes["Name"], "from_item_id": a, "to_item_id": b},
        headers=headers,
    )
    assert not_reference.status_code == 422 and not_reference.json()["invalidFields"] == ["attribute_id"]
    unknown = await client.post(
        setup.path("/references"),
        json={"attribute_id": "nope", "from_item_id": "nope", "to_item_id": "nope"},
        headers=headers,
    )
    assert unknown.status_code == 422
    assert unknown.json()["invalidFields"] == ["attribute_id", "from_item_id", "to_item_id"]
    self_link = await _create(client, setup, a, a)
    assert self_link.status_code == 422 and self_link.json()["invalidFields"] == ["to_item_id"]
    # an attribute of another board is not an attribute of this board
    other = await factories_collab.board(app, setup.account)
    foreign_attr = await factories_collab.attribute(app, other, "Related", "reference")
    foreign = await client.post(
        setup.path("/references"),
        json={"attribute_id": foreign_attr, "from_item_id": a, "to_item_id": b},
        headers=headers,
    )
    assert foreign.status_code == 422
    async with app.state.db.transaction(write=False) as session:
        assert (
            await session.scalar(select(Value).where(Value.attribute_id == setup.attributes["Related"]))
        ) is None


async def test_targets_must_be_visible(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    a = await factories_collab.item(app, setup, {"Name": "A"})
    # an item of another board the caller sees is a valid target
    own_other = await factories_collab.board(app, setup.account)
    await factories_collab.attribute(app, own_other, "Name", "text")
    target = await factories_collab.item(app, own_other, {"Name": "T"})
    assert (await _create(client, setup, a, target)).status_code == 201
    # an item of another workspace is not
    stranger = await factories.account(app)
    foreign_board = await factories_collab.board(app, stranger)
    await factories_collab.attribute(app, foreign_board, "Name", "text")
    foreign_item = await factories_collab.item(app, foreign_board, {"Name": "F"})
    response = await _create(client, setup, a, foreign_item)
    assert response.status_code == 422 and response.json()["invalidFields"] == ["to_item_id"]
    # a restricted member cannot link to a board they do not see
    member = await factories.member(app, setup.account.workspace_id, role="restricted-member")
    shared = await factories_collab.board(app, setup.account, user_ids=[member.user_id])
    await factories_collab.attribute(app, shared, "Related", "reference")
    await factories_collab.attribute(app, shared, "Name", "text")
    source = await factories_collab.item(app, shared, {"Name": "S"})
    body = {"attribute_id": shared.attributes["Related"], "from_item_id": source, "to_item_id": target}
    hidden = await client.post(shared.path("/references"), json=body, headers=member.headers)
    assert hidden.status_code == 422 and hidden.json()["invalidFields"] == ["to_item_id"]
    # strangers get 404 on the board's references
    for method, url in (("GET", setup.path("/references")), ("POST", setup.path("/references"))):
        assert (await client.request(method, url, json={}, headers=stranger.headers)).status_code == 404
    assert (await client.get(setup.path("/references"), headers=member.headers)).status_code == 404


async def test_deleting_an_item_removes_its_references(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    a, b, c = [await factories_collab.item(app, setup, {"Name": n}) for n in "ABC"]
    await _create(client, setup, a, b)
    await _create(client, setup, a, c)
    await _create(client, setup, b, a)
    await factories_collab.delete_item(app, setup, c)
    value = await _value(app, a, setup.attributes["Related"])
    assert value is not None and value.data == [b]
    await factories_collab.delete_item(app, setup, a)
    assert await _value(app, b, setup.attributes["Related"]) is None
    assert await _value(app, a, setup.attributes["Related"]) is None
    listed = (await client.get(setup.path("/references"), headers=setup.account.headers)).json()
    assert listed["data"] == []
