"""Sub-items, multi-action POST, cascade deletes, concurrency and who may see items."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from fastapi import FastAPI

from tests import factories
from tests.factories import Account
from tests.factories_items import board_setup, create_item


async def test_sub_items_and_cycles(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    parent = await create_item(client, setup)
    child = await create_item(client, setup, parent_id=parent["id"])
    grandchild = await create_item(client, setup, parent_id=child["id"])
    assert child["parent_id"] == parent["id"]

    async def reparent(item_id: str, parent_id: str) -> httpx.Response:
        url = setup.url(f"/items/{item_id}")
        return await client.patch(url, json={"parent_id": parent_id}, headers=setup.headers)

    for target, new_parent in ((parent, grandchild), (parent, parent), (child, grandchild)):
        response = await reparent(target["id"], new_parent["id"])
        assert response.status_code == 422, response.text
        assert response.json()["invalidFields"] == ["parent_id"]
    other = await board_setup(app, owner, name="Elsewhere")
    foreign = await create_item(client, other)
    response = await reparent(child["id"], foreign["id"])
    assert response.status_code == 422
    response = await client.post(
        setup.url("/items"),
        json={"folder_id": setup.folder_id, "parent_id": "missing"},
        headers=setup.headers,
    )
    assert response.status_code == 422 and response.json()["invalidFields"] == ["parent_id"]
    # Detach with null.
    response = await client.patch(
        setup.url(f"/items/{grandchild['id']}"), json={"parent_id": None}, headers=setup.headers
    )
    assert response.status_code == 200 and response.json()["parent_id"] is None


async def test_delete_cascades_to_sub_items(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    parent = await create_item(client, setup, values={"Name": "cascade"})
    child = await create_item(client, setup, parent_id=parent["id"], values={"Name": "cascade"})
    grandchild = await create_item(client, setup, parent_id=child["id"])
    keep = await create_item(client, setup)
    assert (
        await client.delete(setup.url(f"/items/{parent['id']}"), headers=setup.headers)
    ).status_code == 200
    for gone in (parent, child, grandchild):
        response = await client.get(setup.url(f"/items/{gone['id']}"), headers=setup.headers)
        assert response.status_code == 404
    listed = (await client.get(setup.url("/items"), headers=setup.headers)).json()
    assert [i["id"] for i in listed["data"]] == [keep["id"]]
    found = (await client.get(setup.url("/items"), params={"q": "cascade"}, headers=setup.headers)).json()
    assert found["data"] == []


async def test_deleted_folder_hides_its_items(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup)
    response = await client.delete(setup.url(f"/folders/{setup.folder_id}"), headers=setup.headers)
    assert response.status_code == 200
    assert (await client.get(setup.url(f"/items/{item['id']}"), headers=setup.headers)).status_code == 404
    listed = (await client.get(setup.url("/items"), headers=setup.headers)).json()
    assert listed["data"] == []
    response = await client.post(
        setup.url("/items"), json={"folder_id": setup.folder_id}, headers=setup.headers
    )
    assert response.status_code == 422


async def test_multi_action_post(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    new_id = str(uuid.uuid4())
    body = {
        "id": new_id,
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attr("Name"), "data": "a"}],
    }
    created = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert created.status_code == 201 and created.json()["id"] == new_id
    body["folder_id"] = setup.other_folder_id
    updated = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert updated.status_code == 200
    assert updated.json()["id"] == new_id and updated.json()["folder_id"] == setup.other_folder_id
    listed = (await client.get(setup.url("/items"), headers=setup.headers)).json()
    assert [i["id"] for i in listed["data"]] == [new_id]
    deleted = await client.post(
        setup.url("/items"), json={"id": new_id, "deleted_at": "2023-05-25T22:01:55Z"}, headers=setup.headers
    )
    assert deleted.status_code == 200
    assert deleted.json() == {"id": new_id, "object": "item", "deleted": True}
    assert (await client.get(setup.url(f"/items/{new_id}"), headers=setup.headers)).status_code == 404
    # An id of another board is never used.
    other = await board_setup(app, owner, name="Other")
    foreign = await create_item(client, other)
    response = await client.post(
        setup.url("/items"), json={"id": foreign["id"], "folder_id": setup.folder_id}, headers=setup.headers
    )
    assert response.status_code == 422 and response.json()["invalidFields"] == ["id"]
    got = (await client.get(other.url(f"/items/{foreign['id']}"), headers=other.headers)).json()
    assert got["folder_id"] == other.folder_id
    bad = await client.post(
        setup.url("/items"), json={"id": "not-a-uuid", "folder_id": setup.folder_id}, headers=setup.headers
    )
    assert bad.status_code == 422


async def test_concurrent_updates_of_different_values_survive(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup)
    url = setup.url(f"/items/{item['id']}")
    for round_ in range(3):
        bodies = [
            {"values": [{"attribute_id": setup.attr("Name"), "data": f"name{round_}"}]},
            {"values": [{"attribute_id": setup.attr("Notes"), "data": f"notes{round_}"}]},
            {"values": [{"attribute_id": setup.attr("Cost"), "data": round_ + 1}]},
        ]
        responses = await asyncio.gather(*(client.patch(url, json=b, headers=setup.headers) for b in bodies))
        assert [r.status_code for r in responses] == [200, 200, 200]
        data = (await client.get(url, params={"expand[]": "values"}, headers=setup.headers)).json()
        stored = {v["attribute_id"]: v["data"] for v in data["values"]}
        assert stored[setup.attr("Name")] == f"name{round_}"
        assert stored[setup.attr("Notes")] == f"notes{round_}"
        assert stored[setup.attr("Cost")] == round_ + 1
        # The search document saw every write too.
        for word in (f"name{round_}", f"notes{round_}"):
            found = (await client.get(setup.url("/items"), params={"q": word}, headers=setup.headers)).json()
            assert [i["id"] for i in found["data"]] == [item["id"]], word


async def test_visibility(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup, values={"Name": "secret"})
    restricted = await factories.member(app, owner.workspace_id, role="restricted-member")
    stranger = await factories.account(app)
    full = await factories.member(app, owner.workspace_id, role="full-member")
    paths = [
        setup.url("/items"),
        setup.url(f"/items/{item['id']}"),
        setup.url(f"/folders/{setup.folder_id}/items"),
    ]
    for who in (restricted, stranger):
        for path in paths:
            response = await client.get(path, headers=who.headers)
            assert response.status_code == 404, (path, response.text)
        response = await client.post(
            setup.url("/items"), json={"folder_id": setup.folder_id}, headers=who.headers
        )
        assert response.status_code == 404
        response = await client.delete(setup.url(f"/items/{item['id']}"), headers=who.headers)
        assert response.status_code == 404
    for path in paths:
        assert (await client.get(path, headers=full.headers)).status_code == 200
    # Given access to the board, the restricted member sees the items.
    response = await client.put(
        setup.url(""), json={"user_ids": [owner.user_id, restricted.user_id]}, headers=setup.headers
    )
    assert response.status_code == 200, response.text
    for path in paths:
        assert (await client.get(path, headers=restricted.headers)).status_code == 200


async def test_bad_input_never_500(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    item = await create_item(client, setup)
    bodies = [
        b"not json",
        b"[]",
        b'{"folder_id": 5}',
        b'{"folder_id": null}',
        b'{"folder_id": ["x"]}',
        b'{"values": {"a": 1}}',
        b'{"values": [null]}',
        b'{"values": [{"attribute_id": null}]}',
        b'{"parent_id": {"x": 1}}',
        b'{"sort_order": {}}',
        b'{"id": 12}',
        b'{"folder_id": "' + b"x" * 5000 + b'"}',
    ]
    for body in bodies:
        for method, url in (("POST", setup.url("/items")), ("PUT", setup.url(f"/items/{item['id']}"))):
            response = await client.request(
                method, url, content=body, headers={**setup.headers, "Content-Type": "application/json"}
            )
            assert 400 <= response.status_code < 500, (method, body, response.text)
            assert "code" in response.json()
