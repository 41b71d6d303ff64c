"""Item history through the API: every write path records who changed what, old and new, in the
writing transaction; newest first, paginated, filterable by attribute."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from openinfinity.core.history import ItemChange
from openinfinity.items import purge
from tests import factories, factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup


@pytest.fixture
async def setup(app: FastAPI, owner: Account) -> BoardSetup:
    board = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, board, "Name", "text")
    await factories_collab.attribute(app, board, "Estimate", "number")
    await factories_collab.attribute(app, board, "Related", "reference")
    return board


async def _history(
    client: httpx.AsyncClient, setup: BoardSetup, item_id: str, **params: Any
) -> httpx.Response:
    return await client.get(
        setup.path(f"/items/{item_id}/history"), params=params, headers=setup.account.headers
    )


async def _create(client: httpx.AsyncClient, setup: BoardSetup, values: dict[str, Any]) -> str:
    body = {
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attributes[k], "data": v} for k, v in values.items()],
    }
    created = await client.post(setup.path("/items"), json=body, headers=setup.account.headers)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_create_update_delete_are_recorded_newest_first(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _create(client, setup, {"Name": "Draft", "Estimate": 3})
    name, estimate = setup.attributes["Name"], setup.attributes["Estimate"]
    updated = await client.put(
        setup.path(f"/items/{item_id}"),
        json={"values": [{"attribute_id": name, "data": "Final"}, {"attribute_id": estimate, "data": 3}]},
        headers=setup.account.headers,
    )
    assert updated.status_code == 200
    got = await _history(client, setup, item_id)
    assert got.status_code == 200
    rows = got.json()["data"]
    # The unchanged estimate adds nothing; the rename is the newest entry.
    assert [(r["action"], r["attribute_id"], r["old"], r["new"]) for r in rows] == [
        ("value.updated", name, "Draft", "Final"),
        ("value.created", estimate, None, 3),
        ("value.created", name, None, "Draft"),
        ("item.created", None, None, rows[-1]["new"]),
    ]
    assert rows[-1]["new"]["folder_id"] == setup.folder_id
    actor = rows[0]["actor"]
    assert actor["user_id"] == setup.account.user_id and actor["via"] == "personal"
    assert actor["token_id"] is not None and actor["oauth_client_id"] is None
    assert all(r["object"] == "item_change" and r["item_id"] == item_id for r in rows)

    deleted = await client.delete(setup.path(f"/items/{item_id}"), headers=setup.account.headers)
    assert deleted.status_code == 200
    after = (await _history(client, setup, item_id)).json()["data"]
    assert after[0]["action"] == "item.deleted" and after[0]["field"] == "deleted_at"
    assert after[0]["new"].endswith("Z")


async def test_folder_move_and_value_delete_are_recorded(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _create(client, setup, {"Estimate": 5})
    other = await factories_collab.folder(app, setup, name="Done")
    moved = await client.put(
        setup.path(f"/items/{item_id}"), json={"folder_id": other}, headers=setup.account.headers
    )
    assert moved.status_code == 200
    rows = (await _history(client, setup, item_id)).json()["data"]
    fields = {r["field"]: (r["old"], r["new"]) for r in rows if r["action"] == "item.updated"}
    assert fields["folder_id"] == (setup.folder_id, other)
    listed = await client.get(
        setup.path(f"/items/{item_id}"), params={"expand[]": "values"}, headers=setup.account.headers
    )
    estimate = setup.attributes["Estimate"]
    value_id = next(v["id"] for v in listed.json()["values"] if v["attribute_id"] == estimate)
    gone = await client.delete(
        setup.path(f"/items/{item_id}/values/{value_id}"), headers=setup.account.headers
    )
    assert gone.status_code == 200, gone.text
    newest = (await _history(client, setup, item_id)).json()["data"][0]
    assert (newest["action"], newest["old"], newest["new"]) == ("value.deleted", 5, None)


async def test_filter_by_attribute_and_pagination(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _create(client, setup, {"Name": "v0"})
    name = setup.attributes["Name"]
    for i in range(1, 5):
        body = {"values": [{"attribute_id": name, "data": f"v{i}"}]}
        assert (
            await client.put(setup.path(f"/items/{item_id}"), json=body, headers=setup.account.headers)
        ).status_code == 200
    only = (await _history(client, setup, item_id, attribute_id=name)).json()["data"]
    assert [r["new"] for r in only] == ["v4", "v3", "v2", "v1", "v0"]
    first = (await _history(client, setup, item_id, attribute_id=name, limit=2)).json()
    assert first["has_more"] is True and [r["new"] for r in first["data"]] == ["v4", "v3"]
    second = (await _history(client, setup, item_id, attribute_id=name, limit=2, after=first["after"])).json()
    assert [r["new"] for r in second["data"]] == ["v2", "v1"]
    oldest = (await _history(client, setup, item_id, sort_direction="asc", limit=1)).json()["data"]
    assert oldest[0]["action"] == "item.created"
    created = (await _history(client, setup, item_id, action="value.created")).json()["data"]
    assert [r["new"] for r in created] == ["v0"]


async def test_reference_mirror_is_recorded_on_the_source_item(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    a = await _create(client, setup, {"Name": "A"})
    b = await _create(client, setup, {"Name": "B"})
    body = {"attribute_id": setup.attributes["Related"], "from_item_id": a, "to_item_id": b}
    created = await client.post(setup.path("/references"), json=body, headers=setup.account.headers)
    assert created.status_code == 201
    newest = (await _history(client, setup, a)).json()["data"][0]
    assert (newest["action"], newest["attribute_id"], newest["new"]) == (
        "value.created",
        setup.attributes["Related"],
        [b],
    )
    assert newest["actor"]["user_id"] == setup.account.user_id
    # Deleting the target rewrites the source's mirror: recorded too.
    assert (await client.delete(setup.path(f"/items/{b}"), headers=setup.account.headers)).status_code == 200
    newest = (await _history(client, setup, a)).json()["data"][0]
    assert (newest["action"], newest["old"], newest["new"]) == ("value.deleted", [b], None)


async def test_type_conversion_is_recorded(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _create(client, setup, {"Estimate": 7})
    estimate = setup.attributes["Estimate"]
    changed = await client.put(
        setup.path(f"/attributes/{estimate}"), json={"type": "text"}, headers=setup.account.headers
    )
    assert changed.status_code == 200, changed.text
    newest = (await _history(client, setup, item_id)).json()["data"][0]
    assert (newest["action"], newest["old"], newest["new"]) == ("value.updated", 7, "7")


async def test_a_refused_write_records_nothing(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _create(client, setup, {"Name": "Keep"})
    before = (await _history(client, setup, item_id)).json()["data"]
    bad = {
        "values": [
            {"attribute_id": setup.attributes["Name"], "data": "New"},
            {"attribute_id": setup.attributes["Estimate"], "data": "not a number"},
        ]
    }
    refused = await client.put(setup.path(f"/items/{item_id}"), json=bad, headers=setup.account.headers)
    assert refused.status_code == 422
    assert (await _history(client, setup, item_id)).json()["data"] == before
    async with app.state.db.transaction(write=False) as session:
        count = await session.scalar(select(func.count()).where(ItemChange.item_id == item_id))
    assert count == len(before)


async def test_error_paths(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    item_id = await _create(client, setup, {"Name": "X"})
    missing = await _history(client, setup, "no-such-item")
    assert missing.status_code == 404 and missing.json()["code"] == "general/not-found"
    other = await factories_collab.board(app, setup.account)
    elsewhere = await client.get(other.path(f"/items/{item_id}/history"), headers=setup.account.headers)
    assert elsewhere.status_code == 404
    bad_cursor = await _history(client, setup, item_id, after="%%%")
    assert bad_cursor.status_code == 422
    bad_limit = await _history(client, setup, item_id, limit=0)
    assert bad_limit.status_code == 422
    anonymous = await client.get(setup.path(f"/items/{item_id}/history"))
    assert anonymous.status_code == 401
    stranger = await factories.account(app)
    hidden = await client.get(setup.path(f"/items/{item_id}/history"), headers=stranger.headers)
    assert hidden.status_code == 404
    no_read = await factories.token(app, setup.account.user_id, scopes=["hooks"])
    forbidden = await client.get(
        setup.path(f"/items/{item_id}/history"), headers={"Authorization": f"Bearer {no_read}"}
    )
    assert forbidden.status_code == 403


async def test_recording_can_be_switched_off(make_client: Any, setup: BoardSetup) -> None:
    quiet: httpx.AsyncClient = await make_client(item_history=False)
    body = {"folder_id": setup.folder_id, "values": [{"attribute_id": setup.attributes["Name"], "data": "Q"}]}
    created = await quiet.post(setup.path("/items"), json=body, headers=setup.account.headers)
    assert created.status_code == 201
    got = await quiet.get(setup.path(f"/items/{created.json()['id']}/history"), headers=setup.account.headers)
    assert got.status_code == 200 and got.json()["data"] == []


async def test_multi_action_save_and_folder_delete_are_recorded(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    folder = await factories_collab.folder(app, setup, name="Doomed")
    headers = setup.account.headers
    name = setup.attributes["Name"]
    body = {"folder_id": folder, "values": [{"attribute_id": name, "data": "One"}]}
    parent = (await client.post(setup.path("/items"), json=body, headers=headers)).json()["id"]
    child = await client.post(setup.path("/items"), json={**body, "parent_id": parent}, headers=headers)
    assert child.status_code == 201
    # The multi-action POST with a known id updates through the same service.
    again = {"id": parent, "values": [{"attribute_id": name, "data": "Two"}]}
    assert (await client.post(setup.path("/items"), json=again, headers=headers)).status_code == 200
    newest = (await _history(client, setup, parent)).json()["data"][0]
    assert (newest["action"], newest["old"], newest["new"]) == ("value.updated", "One", "Two")
    # Deleting the folder deletes its items: each item's history says so.
    gone = await client.delete(setup.path(f"/folders/{folder}"), headers=headers)
    assert gone.status_code == 200, gone.text
    # The items are hidden at once; their history entries come with the background purge
    # (what the dispatcher runs), under the user who deleted the folder.
    await purge.run_all(app.state.db)
    for item_id in (parent, child.json()["id"]):
        rows = (await _history(client, setup, item_id)).json()["data"]
        assert rows[0]["action"] == "item.deleted", item_id
        assert rows[0]["actor"]["user_id"] == setup.account.user_id, rows[0]
        assert rows[0]["actor"]["via"] == "personal", rows[0]
        assert [r["action"] for r in rows].count("item.deleted") == 1


async def test_batch_creates_record_what_single_creates_record(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    # The creates of a batch are written together; each item's history is still that of a
    # single create with the same body, and belongs to that item only.
    values = {"Name": "Same", "Estimate": 5}
    single = await _create(client, setup, values)
    body = {
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attributes[k], "data": v} for k, v in values.items()],
    }
    batch = await client.post(
        setup.path("/items/batch"),
        json={"operations": [{"action": "create", **body}, {"action": "create", **body}]},
        headers=setup.account.headers,
    )
    assert batch.status_code == 200, batch.text
    created = [r["item"]["id"] for r in batch.json()["results"]]

    def shape(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [
            (r["action"], r["attribute_id"], r["field"], r["old"], r["new"] if r["attribute_id"] else None)
            for r in rows
        ]

    expected = (await _history(client, setup, single)).json()["data"]
    for item_id in created:
        rows = (await _history(client, setup, item_id)).json()["data"]
        assert shape(rows) == shape(expected)
        assert all(r["item_id"] == item_id for r in rows)
        assert rows[-1]["new"]["folder_id"] == setup.folder_id
        assert rows[0]["actor"] == expected[0]["actor"]
