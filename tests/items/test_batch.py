"""Batch writes: `POST .../items/batch` (create, update, delete, upsert; all or nothing) and
`POST .../items/batch/values` (one attribute's value on many items)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi import FastAPI

from tests.factories import Account
from tests.factories_items import BoardSetup, board_setup, create_item, outbox


def _values(setup: BoardSetup, values: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"attribute_id": setup.attr(k), "data": v} for k, v in values.items()]


async def _batch(
    client: httpx.AsyncClient, setup: BoardSetup, operations: list[dict[str, Any]]
) -> httpx.Response:
    return await client.post(
        setup.url("/items/batch"),
        json={"operations": operations},
        params={"expand[]": "values"},
        headers=setup.headers,
    )


async def _ids(client: httpx.AsyncClient, setup: BoardSetup) -> set[str]:
    response = await client.get(setup.url("/items"), params={"limit": 100}, headers=setup.headers)
    return {item["id"] for item in response.json()["data"]}


def _data(item: dict[str, Any], setup: BoardSetup, name: str) -> Any:
    return next(v["data"] for v in item["values"] if v["attribute_id"] == setup.attr(name))


async def test_a_mixed_batch_runs_every_operation(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    keep = await create_item(client, setup, values={"Name": "keep"})
    drop = await create_item(client, setup, values={"Name": "drop"})
    chosen = str(uuid.uuid4())
    response = await _batch(
        client,
        setup,
        [
            {
                "action": "create",
                "folder_id": setup.folder_id,
                "values": _values(setup, {"Name": "new", "Cost": 1}),
            },
            {"action": "create", "id": chosen, "folder_id": setup.folder_id},
            {"action": "update", "id": keep["id"], "values": _values(setup, {"Cost": 7})},
            {"action": "delete", "id": drop["id"]},
            {
                "action": "upsert",
                "match": setup.attr("Email"),
                "folder_id": setup.folder_id,
                "values": _values(setup, {"Email": "u@example.com", "Name": "first"}),
            },
            {
                "action": "upsert",
                "match": setup.attr("Email"),
                "values": _values(setup, {"Email": "U@example.com", "Name": "second"}),
            },
        ],
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["object"] == "batch"
    results = body["results"]
    assert [(r["index"], r["action"], r["status"]) for r in results] == [
        (0, "create", 201),
        (1, "create", 201),
        (2, "update", 200),
        (3, "delete", 200),
        (4, "upsert", 201),
        (5, "upsert", 200),
    ]
    assert _data(results[0]["item"], setup, "Name") == "new"
    assert results[1]["item"]["id"] == chosen
    assert _data(results[2]["item"], setup, "Cost") == 7
    assert results[3]["item"] == {"id": drop["id"], "object": "item", "deleted": True}
    assert results[4]["item"]["id"] == results[5]["item"]["id"]
    # Items show their state at the end of the batch.
    assert _data(results[4]["item"], setup, "Name") == "second"
    assert await _ids(client, setup) == {
        keep["id"],
        results[0]["item"]["id"],
        chosen,
        results[4]["item"]["id"],
    }


async def test_batch_events_are_those_of_single_writes(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    values = {"Name": "same", "Cost": 3}
    single = await create_item(client, setup, values=values)
    response = await _batch(
        client, setup, [{"action": "create", "folder_id": setup.folder_id, "values": _values(setup, values)}]
    )
    batched = response.json()["results"][0]["item"]

    def shape(events: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, Any]]:
        # The same events with the same payloads, but for the ids and times of each item.
        return [
            (
                e,
                {
                    k: v
                    for k, v in p.items()
                    if k not in ("id", "item_id", "created_at", "values", "sort_order")
                },
            )
            for e, p in events
        ]

    assert shape(await outbox(app, batched["id"])) == shape(await outbox(app, single["id"]))

    await client.patch(
        setup.url(f"/items/{single['id']}"),
        json={"values": _values(setup, {"Cost": 4})},
        headers=setup.headers,
    )
    await _batch(
        client, setup, [{"action": "update", "id": batched["id"], "values": _values(setup, {"Cost": 4})}]
    )
    await client.delete(setup.url(f"/items/{single['id']}"), headers=setup.headers)
    await _batch(client, setup, [{"action": "delete", "id": batched["id"]}])
    single_events = [e for e, _ in await outbox(app, single["id"])]
    batch_events = [e for e, _ in await outbox(app, batched["id"])]
    assert batch_events == single_events
    assert batch_events[-2:] == ["item.updated", "item.deleted"]
    assert single_events.count("item.deleted") == 1


async def test_a_failing_batch_lists_every_failure_and_writes_nothing(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    keep = await create_item(client, setup, values={"Name": "keep", "Cost": 1})
    before_events = await outbox(app, keep["id"])
    response = await _batch(
        client,
        setup,
        [
            {"action": "create", "folder_id": setup.folder_id, "values": _values(setup, {"Name": "ok"})},
            {"action": "create", "folder_id": "missing"},
            {"action": "update", "id": keep["id"], "values": _values(setup, {"Cost": 99})},
            {"action": "update", "id": str(uuid.uuid4()), "values": _values(setup, {"Cost": 1})},
            {"action": "update", "values": _values(setup, {"Cost": 1})},
            {"action": "upsert", "values": _values(setup, {"Name": "x"})},
            {"action": "create", "folder_id": setup.folder_id, "values": _values(setup, {"Email": "nope"})},
        ],
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "items/batch-failed"
    failures = {f["index"]: f for f in body["failures"]}
    assert sorted(failures) == [1, 3, 4, 5, 6]
    assert failures[1]["status"] == 422 and failures[1]["errors"] == {
        "folder_id": ["The selected folder id is invalid."]
    }
    assert failures[3]["status"] == 404 and failures[3]["code"] == "general/not-found"
    assert failures[4]["errors"] == {"id": ["The id field is required."]}
    assert failures[5]["errors"] == {"match": ["The match field is required."]}
    assert "operations.6.values.0.data" in body["errors"]
    assert "operations.3" in body["invalidFields"]
    assert body["message"].startswith("5 of 7 entries failed; nothing was written.")
    # All or nothing: the valid entries were undone too.
    assert await _ids(client, setup) == {keep["id"]}
    stored = (
        await client.get(
            setup.url(f"/items/{keep['id']}"), params={"expand[]": "values"}, headers=setup.headers
        )
    ).json()
    assert _data(stored, setup, "Cost") == 1
    assert await outbox(app, keep["id"]) == before_events


async def test_batch_size_limits(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    create = {"action": "create", "folder_id": setup.folder_id}
    assert (await _batch(client, setup, [])).status_code == 422
    assert (await _batch(client, setup, [create] * 101)).status_code == 422
    bad_action = await _batch(client, setup, [{"action": "explode"}])
    assert bad_action.status_code == 422
    assert await _ids(client, setup) == set()
    full = await _batch(client, setup, [create] * 100)
    assert full.status_code == 200, full.text
    assert len(await _ids(client, setup)) == 100


async def test_set_one_value_on_many_items(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    items = [await create_item(client, setup, values={"Name": f"n{i}", "Cost": i}) for i in range(3)]
    untouched = await create_item(client, setup, values={"Cost": 100})
    url = setup.url("/items/batch/values")
    body = {"attribute_id": setup.attr("Cost"), "data": 42, "item_ids": [i["id"] for i in items]}
    response = await client.post(url, json=body, params={"expand[]": "values"}, headers=setup.headers)
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [(r["index"], r["action"], r["status"]) for r in results] == [
        (0, "update", 200),
        (1, "update", 200),
        (2, "update", 200),
    ]
    assert all(_data(r["item"], setup, "Cost") == 42 for r in results)
    assert _data(results[0]["item"], setup, "Name") == "n0"
    events = [e for e, _ in await outbox(app, items[0]["id"])]
    assert events[-2:] == ["item.updated", "value.updated"]

    # An unknown item and a refused value: nothing changes, each failure is listed.
    bad = {"attribute_id": setup.attr("Cost"), "data": 7, "item_ids": [untouched["id"], str(uuid.uuid4())]}
    response = await client.post(url, json=bad, headers=setup.headers)
    assert response.status_code == 422, response.text
    assert [f["index"] for f in response.json()["failures"]] == [1]
    assert "item_ids.1" in response.json()["errors"]
    refused = {"attribute_id": setup.attr("Rating"), "data": 99, "item_ids": [untouched["id"]]}
    response = await client.post(url, json=refused, headers=setup.headers)
    assert response.status_code == 422 and "item_ids.0.values.0.data" in response.json()["errors"]
    stored = (
        await client.get(
            setup.url(f"/items/{untouched['id']}"), params={"expand[]": "values"}, headers=setup.headers
        )
    ).json()
    assert _data(stored, setup, "Cost") == 100


async def test_creates_of_one_batch_see_each_other_as_if_run_one_by_one(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    # The creates of a batch are checked and written together; each still sees the ones before
    # it: a parent created earlier in the batch, positions after it, ids and value ids it took.
    setup = await board_setup(app, owner)
    first = await create_item(client, setup)
    parent = str(uuid.uuid4())
    value_id = str(uuid.uuid4())
    response = await _batch(
        client,
        setup,
        [
            {"action": "create", "id": parent, "folder_id": setup.folder_id},
            {"action": "create", "folder_id": setup.folder_id, "parent_id": parent, "sort_order": 10**7},
            {"action": "create", "folder_id": setup.folder_id},
            {"action": "create", "folder_id": setup.other_folder_id},
            {
                "action": "create",
                "folder_id": setup.folder_id,
                "values": [{"id": value_id, "attribute_id": setup.attr("Name"), "data": "mine"}],
            },
        ],
    )
    assert response.status_code == 200, response.text
    items = [r["item"] for r in response.json()["results"]]
    step = 65536.0
    assert [float(i["sort_order"]) for i in items] == [
        float(first["sort_order"]) + step,
        10.0**7,
        10.0**7 + step,
        step,
        10.0**7 + 2 * step,
    ]
    assert items[1]["parent_id"] == parent
    assert items[4]["values"][0]["id"] == value_id
    stored = await client.get(setup.url(f"/items/{items[4]['id']}"), headers=setup.headers)
    assert float(stored.json()["sort_order"]) == 10.0**7 + 2 * step

    again = str(uuid.uuid4())
    other_value = str(uuid.uuid4())
    response = await _batch(
        client,
        setup,
        [
            {"action": "create", "id": again, "folder_id": setup.folder_id},
            {"action": "create", "id": again, "folder_id": setup.folder_id},
            {"action": "create", "folder_id": setup.folder_id, "parent_id": str(uuid.uuid4())},
            {
                "action": "create",
                "folder_id": setup.folder_id,
                "values": [{"id": other_value, "attribute_id": setup.attr("Name"), "data": "a"}],
            },
            {
                "action": "create",
                "folder_id": setup.folder_id,
                "values": [{"id": other_value, "attribute_id": setup.attr("Name"), "data": "b"}],
            },
            {"action": "create", "folder_id": setup.folder_id, "parent_id": again},
        ],
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert [f["index"] for f in body["failures"]] == [1, 2, 4]
    assert body["errors"]["operations.1.id"] == ["The id has already been taken."]
    assert body["errors"]["operations.2.parent_id"] == ["The selected parent id is invalid."]
    assert body["errors"]["operations.4.values.0.id"] == ["The values.0.id has already been taken."]
    assert len(await _ids(client, setup)) == 6
