"""Upsert on a natural key: `PUT .../items?match=<attribute_id>` creates (201) or updates (200)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import FastAPI

from tests.factories import Account
from tests.factories_items import BoardSetup, board_setup, create_item, outbox


def _body(setup: BoardSetup, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attr(k), "data": v} for k, v in values.items()],
        **extra,
    }


async def _upsert(
    client: httpx.AsyncClient, setup: BoardSetup, match: str, values: dict[str, Any], **extra: Any
) -> httpx.Response:
    return await client.put(
        setup.url("/items"),
        params={"match": setup.attr(match), "expand[]": "values"},
        json=_body(setup, values, **extra),
        headers=setup.headers,
    )


def _data(item: dict[str, Any], setup: BoardSetup, name: str) -> Any:
    return next(v["data"] for v in item["values"] if v["attribute_id"] == setup.attr(name))


async def _live_ids(client: httpx.AsyncClient, setup: BoardSetup) -> list[str]:
    response = await client.get(setup.url("/items"), params={"limit": 100}, headers=setup.headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["data"]]


async def test_upsert_creates_then_updates_the_same_item(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    created = await _upsert(client, setup, "Email", {"Email": "ana@example.com", "Name": "Ana"})
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["object"] == "item" and _data(item, setup, "Name") == "Ana"

    # Another case of the same address is the same key.
    updated = await _upsert(client, setup, "Email", {"Email": "ANA@example.com", "Name": "Ana B."})
    assert updated.status_code == 200, updated.text
    assert updated.json()["id"] == item["id"]
    assert _data(updated.json(), setup, "Name") == "Ana B."
    assert await _live_ids(client, setup) == [item["id"]]

    # The events are those of a create, then of an update.
    events = [event for event, _ in await outbox(app, item["id"])]
    assert events == [
        "item.created",
        "value.created",
        "value.created",
        "item.finalized",
        "item.updated",
        "value.updated",
        "value.updated",
    ]


async def test_upsert_matches_numbers_text_and_phone(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    phone = await client.post(
        setup.url("/attributes"), json={"name": "Phone", "type": "phone"}, headers=setup.headers
    )
    assert phone.status_code == 200, phone.text
    setup.attributes["Phone"] = phone.json()["id"]

    first = await _upsert(client, setup, "Cost", {"Cost": 12, "Name": "a"})
    assert first.status_code == 201
    # "12.0" is the number 12.
    again = await _upsert(client, setup, "Cost", {"Cost": "12.0", "Name": "b"})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    other = await _upsert(client, setup, "Cost", {"Cost": 13})
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]

    named = await _upsert(client, setup, "Name", {"Name": "Park Güell"})
    assert named.status_code == 201
    assert (await _upsert(client, setup, "Name", {"Name": "park güell"})).json()["id"] == named.json()["id"]
    # Surrounding spaces do not count, on either side (docs/api-extensions.md).
    sku = await _upsert(client, setup, "Name", {"Name": "SKU-1", "Cost": 1})
    assert sku.status_code == 201, sku.text
    spaced = await _upsert(client, setup, "Name", {"Name": "sku-1 ", "Cost": 2})
    assert spaced.status_code == 200, spaced.text
    assert spaced.json()["id"] == sku.json()["id"] and _data(spaced.json(), setup, "Cost") == 2
    # The value is now stored as sent ("sku-1 "): the bare key still finds it.
    bare = await _upsert(client, setup, "Name", {"Name": "  SKU-1", "Cost": 3})
    assert bare.status_code == 200 and bare.json()["id"] == sku.json()["id"]
    assert (await _upsert(client, setup, "Name", {"Name": "SKU-10"})).status_code == 201

    called = await _upsert(client, setup, "Phone", {"Phone": "+34 600 000 000"})
    assert called.status_code == 201
    assert (await _upsert(client, setup, "Phone", {"Phone": " +34 600 000 000 "})).status_code == 200

    # Long texts compare in full, not by their first 255 characters.
    long_a, long_b = "x" * 300 + "a", "x" * 300 + "b"
    assert (await _upsert(client, setup, "Name", {"Name": long_a})).status_code == 201
    assert (await _upsert(client, setup, "Name", {"Name": long_b})).status_code == 201
    assert (await _upsert(client, setup, "Name", {"Name": long_b.upper()})).status_code == 200
    assert (await _upsert(client, setup, "Name", {"Name": "  " + long_b + " "})).status_code == 200


async def test_two_matches_conflict(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    await create_item(client, setup, values={"Name": "twin"})
    await create_item(client, setup, values={"Name": "Twin"})
    before = await _live_ids(client, setup)
    response = await _upsert(client, setup, "Name", {"Name": "twin", "Cost": 1})
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "items/ambiguous-match"
    assert await _live_ids(client, setup) == before


async def test_upsert_refusals_change_nothing(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    url = setup.url("/items")
    cases: list[tuple[dict[str, Any], dict[str, Any], str]] = [
        # Not a matchable type.
        ({"match": setup.attr("Notes")}, _body(setup, {"Notes": "x"}), "match"),
        ({"match": setup.attr("Due")}, _body(setup, {"Due": "2026-01-01"}), "match"),
        # Not an attribute of this board.
        ({"match": "00000000-0000-0000-0000-000000000000"}, _body(setup, {"Name": "x"}), "match"),
        # No value, or an empty value, for the match attribute.
        ({"match": setup.attr("Name")}, _body(setup, {"Cost": 3}), "values"),
        ({"match": setup.attr("Name")}, _body(setup, {"Name": ""}), "values"),
        # A value the attribute refuses.
        ({"match": setup.attr("Email")}, _body(setup, {"Email": "not an address"}), "values.0.data"),
        # A create needs a folder.
        ({"match": setup.attr("Name")}, {"values": _body(setup, {"Name": "x"})["values"]}, "folder_id"),
        # Deleting is not an upsert.
        ({"match": setup.attr("Name")}, _body(setup, {"Name": "x"}, deleted_at="2026-01-01"), "deleted_at"),
    ]
    for params, body, field in cases:
        response = await client.put(url, params=params, json=body, headers=setup.headers)
        assert response.status_code == 422, (params, body, response.text)
        assert field in response.json()["errors"], response.text
    missing = await client.put(url, json=_body(setup, {"Name": "x"}), headers=setup.headers)
    assert missing.status_code == 422 and missing.json()["code"].startswith("general/")
    assert await _live_ids(client, setup) == []


async def test_concurrent_upserts_of_one_key_create_one_item(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    responses = await asyncio.gather(
        *[_upsert(client, setup, "Email", {"Email": "race@example.com", "Cost": n}) for n in range(6)]
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 5 + [201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert len(await _live_ids(client, setup)) == 1
