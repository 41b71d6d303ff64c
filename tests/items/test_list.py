"""Listing items: shapes, filters, keyset pagination through a folder in every order, search."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event

from tests.factories import Account
from tests.factories_items import BoardSetup, board_setup, create_item


async def _walk(
    client: httpx.AsyncClient, setup: BoardSetup, url: str, params: dict[str, Any], during: Any = None
) -> list[str]:
    seen: list[str] = []
    after = None
    for _ in range(50):
        query = {**params, **({"after": after} if after else {})}
        response = await client.get(url, params=query, headers=setup.headers)
        assert response.status_code == 200, response.text
        page = response.json()
        seen += [i["id"] for i in page["data"]]
        if during is not None:
            await during()
        if not page["has_more"]:
            return seen
        after = page["after"]
    raise AssertionError("pagination did not end")


async def test_list_shape_and_default_order(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    first = await create_item(client, setup, values={"Name": "one"})
    second = await create_item(client, setup, values={"Name": "two"})
    response = await client.get(setup.url("/items"), headers=setup.headers)
    assert response.status_code == 200
    page = response.json()
    assert list(page) == ["has_more", "before", "after", "data"]
    assert [i["id"] for i in page["data"]] == [second["id"], first["id"]]  # created_at desc
    assert "values" not in page["data"][0]
    expanded = (
        await client.get(setup.url("/items"), params={"expand[]": "values.attribute"}, headers=setup.headers)
    ).json()
    names = [
        next(v["data"] for v in item["values"] if v["attribute"]["name"] == "Name")
        for item in expanded["data"]
    ]
    assert names == ["two", "one"]
    # The seed's GET-with-JSON-body style works too.
    response = await client.request(
        "GET", setup.url("/items"), json={"limit": 1, "sort_by": "created_at"}, headers=setup.headers
    )
    assert response.json()["has_more"] is True and len(response.json()["data"]) == 1


@pytest.mark.parametrize(
    ("sort_by", "direction"), list(itertools.product(["id", "created_at"], ["asc", "desc"]))
)
async def test_pagination_through_folder_visits_each_once(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, sort_by: str, direction: str
) -> None:
    setup = await board_setup(app, owner)
    originals = [(await create_item(client, setup))["id"] for _ in range(7)]
    await create_item(client, setup, folder_id=setup.other_folder_id)
    added: list[str] = []

    async def insert() -> None:
        added.append((await create_item(client, setup))["id"])

    params = {"limit": 3, "sort_by": sort_by, "sort_direction": direction}
    seen = await _walk(client, setup, setup.url(f"/folders/{setup.folder_id}/items"), params, insert)
    assert len(seen) == len(set(seen))
    assert set(originals) <= set(seen) <= set(originals) | set(added)
    ordered = [i for i in seen if i in originals]
    if sort_by == "id":
        assert ordered == sorted(originals, reverse=direction == "desc")
    else:
        assert ordered == (originals if direction == "asc" else originals[::-1])
    # Same walk with the folder_id filter on the board-wide list, backwards with `before`.
    page = (
        await client.get(
            setup.url("/items"), params={**params, "folder_id": setup.folder_id}, headers=setup.headers
        )
    ).json()
    second = (
        await client.get(
            setup.url("/items"),
            params={**params, "folder_id": setup.folder_id, "after": page["after"]},
            headers=setup.headers,
        )
    ).json()
    back = (
        await client.get(
            setup.url("/items"),
            params={**params, "folder_id": setup.folder_id, "before": second["before"]},
            headers=setup.headers,
        )
    ).json()
    assert [i["id"] for i in back["data"]] == [i["id"] for i in page["data"]]


async def test_filters(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    parent = await create_item(client, setup)
    child = await create_item(client, setup, parent_id=parent["id"])
    other = await create_item(client, setup, folder_id=setup.other_folder_id)

    async def ids(**params: Any) -> set[str]:
        response = await client.get(setup.url("/items"), params=params, headers=setup.headers)
        assert response.status_code == 200, response.text
        return {i["id"] for i in response.json()["data"]}

    assert await ids(folder_id=setup.other_folder_id) == {other["id"]}
    assert await ids(parent_id=parent["id"]) == {child["id"]}
    assert await ids(parent_id="null") == {parent["id"], other["id"]}
    bad = await client.get(setup.url("/items"), params={"folder_id": "nope"}, headers=setup.headers)
    assert bad.status_code == 422
    assert bad.json()["invalidFields"] == ["folder_id"]
    for params in (
        {"limit": 0},
        {"limit": 101},
        {"sort_by": "name"},
        {"sort_direction": "up"},
        {"after": "!!"},
    ):
        response = await client.get(setup.url("/items"), params=params, headers=setup.headers)
        assert response.status_code == 422, params


async def test_search(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    park = await create_item(
        client, setup, values={"Name": "Park Güell", "Notes": "Gardens on Carmel Hill, Barcelona", "Cost": 10}
    )
    museum = await create_item(client, setup, values={"Name": "Picasso Museum", "Cost": 26})
    checklist = await create_item(client, setup, values={"Checklist": [{"name": "6 T-shirts"}]})
    await create_item(client, setup, values={"Name": "Nothing here"})

    async def found(q: str) -> list[str]:
        response = await client.get(setup.url("/items"), params={"q": q}, headers=setup.headers)
        assert response.status_code == 200, (q, response.text)
        return [i["id"] for i in response.json()["data"]]

    assert await found("park") == [park["id"]]
    assert await found("PARK") == [park["id"]]
    assert await found("carmel hill") == [park["id"]]  # every word, across values
    assert await found("barc") == [park["id"]]  # prefix
    assert await found("museum picasso") == [museum["id"]]
    assert await found("26") == [museum["id"]]  # numbers are searchable
    assert await found("t-shirts") == [checklist["id"]]
    assert await found("park museum") == []
    # Query syntax of the engines is never interpreted.
    for q in [
        '"',
        "park*",
        "*",
        "NEAR(park hill)",
        "(park",
        "park)",
        "park AND",
        "OR",
        "-park",
        "park:",
        "'",
        "\\",
        "a'b\"c",
        "^park",
        "park NOT hill",
        "{park}",
        "%",
        "_",
    ]:
        await found(q)
    assert await found('"park"') == [park["id"]]
    assert await found("(park hill)") == [park["id"]]
    assert await found("NEAR(park hill)") == []  # "near" is a word like any other
    assert await found("(park") == [park["id"]]
    assert await found("***") == []
    # q combines with filters and pagination.
    response = await client.get(
        setup.url("/items"), params={"q": "park", "folder_id": setup.other_folder_id}, headers=setup.headers
    )
    assert response.json()["data"] == []


async def test_search_follows_updates(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "alpha"})
    url = setup.url(f"/items/{item['id']}")
    body = {"values": [{"attribute_id": setup.attr("Name"), "data": "omega"}]}
    assert (await client.put(url, json=body, headers=setup.headers)).status_code == 200

    async def found(q: str) -> list[str]:
        response = await client.get(setup.url("/items"), params={"q": q}, headers=setup.headers)
        return [i["id"] for i in response.json()["data"]]

    assert await found("alpha") == []
    assert await found("omega") == [item["id"]]


async def test_search_ranks_text_values_first(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    number_a = await create_item(client, setup, values={"Cost": 4242})
    text_a = await create_item(client, setup, values={"Name": "Budget 4242"})
    number_b = await create_item(client, setup, values={"Cost": 4242, "Name": "unrelated"})
    text_b = await create_item(client, setup, values={"Notes": "<p>4242 euros</p>"})
    await create_item(client, setup, values={"Name": "nothing"})
    expected = [text_b["id"], text_a["id"], number_b["id"], number_a["id"]]
    for limit in (1, 2, 3, 4, 10):
        params = {"q": "4242", "limit": limit}
        seen = await _walk(client, setup, setup.url("/items"), params)
        assert seen == expected, limit
    # Backwards from the last page returns the pages before it.
    params = {"q": "4242", "limit": 3}
    first = (await client.get(setup.url("/items"), params=params, headers=setup.headers)).json()
    second = (
        await client.get(
            setup.url("/items"), params={**params, "after": first["after"]}, headers=setup.headers
        )
    ).json()
    assert [i["id"] for i in second["data"]] == expected[3:]
    back = (
        await client.get(
            setup.url("/items"), params={**params, "before": second["before"]}, headers=setup.headers
        )
    ).json()
    assert [i["id"] for i in back["data"]] == expected[:3]
    ascending = await _walk(
        client, setup, setup.url("/items"), {"q": "4242", "limit": 3, "sort_direction": "asc"}
    )
    assert ascending == [text_a["id"], text_b["id"], number_a["id"], number_b["id"]]
    bad = await client.get(
        setup.url("/items"), params={"q": "4242", "after": "bm9wZQ=="}, headers=setup.headers
    )
    assert bad.status_code == 422


async def test_search_with_large_tiers_uses_subselects(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above ID_LIST_CAP matches a tier is a sub-select instead of an id list: same answers."""
    from openinfinity.items import search

    monkeypatch.setattr(search, "ID_LIST_CAP", 1)
    await test_search_ranks_text_values_first(client, app, owner)
    await test_search(client, app, owner)


async def test_search_runs_the_same_sql_however_many_items_match(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    """The matching ids reach the item query in one parameter: a statement per match count would
    be prepared and cached anew by the driver on every pooled connection (the soak's growing
    memory)."""
    setup = await board_setup(app, owner)
    word = "w" + uuid.uuid4().hex  # only this test's items match, in the shared database
    executed: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        executed.append(statement)

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        runs: dict[str, list[list[str]]] = {"created_at": [], "id": []}
        created: list[str] = []
        for _ in range(3):
            created.append((await create_item(client, setup, values={"Name": f"{word} park"}))["id"])
            for sort_by, seen in runs.items():
                executed.clear()
                params = {"q": word, "sort_by": sort_by, "expand[]": "values"}
                response = await client.get(setup.url("/items"), params=params, headers=setup.headers)
                assert response.status_code == 200, response.text
                assert sorted(i["id"] for i in response.json()["data"]) == sorted(created)
                seen.append(list(executed))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    for sort_by, seen in runs.items():
        assert seen[0] == seen[1] == seen[2], sort_by
