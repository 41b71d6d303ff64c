"""Time tracking as martinjokub/infinity-mcp-server calls it: start, end, edit, delete, get one;
the time_tracking value of the item is the total of its ended entries."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update

from openinfinity.core.events import OutboxEvent
from openinfinity.core.models import utcnow
from openinfinity.timetracking.models import TimeEntry
from tests import factories, factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup


@pytest.fixture
async def setup(app: FastAPI, owner: Account) -> BoardSetup:
    board = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, board, "Name", "text")
    await factories_collab.attribute(app, board, "Tracked", "time_tracking")
    return board


async def _start(
    client: httpx.AsyncClient, setup: BoardSetup, item_id: str, account: Account | None = None, **extra: Any
) -> httpx.Response:
    body = {"item_id": item_id, "attribute_id": setup.attributes["Tracked"], **extra}
    return await client.post(
        setup.path("/time-tracking"), json=body, headers=(account or setup.account).headers
    )


async def _backdate(app: FastAPI, entry_id: str, started_at: datetime) -> None:
    async with app.state.db.transaction() as session:
        await session.execute(update(TimeEntry).where(TimeEntry.id == entry_id).values(started_at=started_at))


async def _tracked(client: httpx.AsyncClient, setup: BoardSetup, item_id: str) -> Any:
    got = await client.get(
        setup.path(f"/items/{item_id}"), params={"expand[]": "values"}, headers=setup.account.headers
    )
    values = {v["attribute_id"]: v["data"] for v in got.json()["values"]}
    return values.get(setup.attributes["Tracked"])


async def test_start_end_edit_get_delete(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    item_id = await factories_collab.item(app, setup, {"Name": "Write docs"})
    started = await _start(client, setup, item_id, description="first pass")
    assert started.status_code == 201, started.text
    entry = started.json()
    assert list(entry) == [
        "id", "object", "item_id", "attribute_id", "started_at", "ended_at", "description", "created_by"
    ]  # fmt: skip
    assert entry["object"] == "time_entry" and entry["ended_at"] is None
    assert (entry["item_id"], entry["attribute_id"], entry["description"], entry["created_by"]) == (
        item_id, setup.attributes["Tracked"], "first pass", setup.account.user_id
    )  # fmt: skip
    path = setup.path(f"/time-tracking/{entry['id']}")
    headers = setup.account.headers
    assert (await client.get(path, headers=headers)).json() == entry
    start = utcnow().replace(microsecond=0) - timedelta(hours=2)
    await _backdate(app, entry["id"], start)
    # The hosted API's plain form, taken as UTC.
    end = start + timedelta(minutes=90)
    ended = await client.put(path, json={"ended_at": end.strftime("%Y-%m-%dT%H:%M:%S")}, headers=headers)
    assert ended.status_code == 200, ended.text
    assert ended.json()["ended_at"].startswith(end.strftime("%Y-%m-%dT%H:%M:%S"))
    assert await _tracked(client, setup, item_id) == 5400
    # ISO 8601 with an offset moves the end; the total follows.
    later = (end + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S") + "+00:00"
    moved = await client.put(path, json={"ended_at": later, "description": "done"}, headers=headers)
    assert moved.status_code == 200 and moved.json()["description"] == "done"
    assert await _tracked(client, setup, item_id) == 7200
    renamed = await client.put(path, json={"description": "final"}, headers=headers)
    assert renamed.status_code == 200 and renamed.json()["ended_at"] == moved.json()["ended_at"]
    deleted = await client.delete(path, headers=headers)
    assert deleted.status_code == 200
    assert deleted.json() == {"id": entry["id"], "object": "time_entry", "deleted": True}
    assert (await client.get(path, headers=headers)).status_code == 404
    assert await _tracked(client, setup, item_id) == 0
    # Each total is a value change: in the item's history and as webhook/change-feed events.
    history = await client.get(
        setup.path(f"/items/{item_id}/history"),
        params={"attribute_id": setup.attributes["Tracked"]},
        headers=headers,
    )
    assert [(r["old"], r["new"]) for r in history.json()["data"]] == [(7200, 0), (5400, 7200), (None, 5400)]
    async with app.state.db.transaction(write=False) as session:
        events = list(
            await session.scalars(
                select(OutboxEvent.event).where(
                    OutboxEvent.item_id == item_id, OutboxEvent.event.like("value.%")
                )
            )
        )
    assert events.count("value.created") >= 1 and events.count("value.updated") >= 2


async def test_totals_add_up_across_entries_and_users(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await factories_collab.item(app, setup, {"Name": "Pair"})
    colleague = await factories.member(app, setup.account.workspace_id, role="full-member")
    mine = (await _start(client, setup, item_id)).json()
    theirs = await _start(client, setup, item_id, colleague)
    assert theirs.status_code == 201  # one running entry per user, not per item
    now = utcnow().replace(microsecond=0)
    for entry_id, minutes, who in ((mine["id"], 10, setup.account), (theirs.json()["id"], 20, colleague)):
        await _backdate(app, entry_id, now - timedelta(minutes=minutes))
        ended = await client.put(
            setup.path(f"/time-tracking/{entry_id}"),
            json={"ended_at": now.isoformat() + "Z"},
            headers=who.headers,
        )
        assert ended.status_code == 200, ended.text
    assert await _tracked(client, setup, item_id) == 1800
    # Ended: the same user may start again.
    assert (await _start(client, setup, item_id)).status_code == 201


async def test_error_paths(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    item_id = await factories_collab.item(app, setup, {"Name": "Errors"})
    headers = setup.account.headers
    collection = setup.path("/time-tracking")
    listed = await client.get(collection, headers=headers)
    assert listed.status_code == 405 and listed.json()["code"] == "general/method-not-allowed"
    missing = await client.post(collection, json={}, headers=headers)
    assert missing.status_code == 422 and set(missing.json()["errors"]) == {"item_id", "attribute_id"}
    text_attr = await client.post(
        collection, json={"item_id": item_id, "attribute_id": setup.attributes["Name"]}, headers=headers
    )
    assert text_attr.status_code == 422 and "time_tracking" in text_attr.json()["errors"]["attribute_id"][0]
    unknown = await client.post(collection, json={"item_id": "nope", "attribute_id": "nope"}, headers=headers)
    assert unknown.status_code == 422 and set(unknown.json()["errors"]) == {"item_id", "attribute_id"}
    first = await _start(client, setup, item_id)
    assert first.status_code == 201
    second = await _start(client, setup, item_id)
    assert second.status_code == 409 and second.json()["code"] == "time-tracking/entry-running"
    path = setup.path(f"/time-tracking/{first.json()['id']}")
    started = datetime.fromisoformat(first.json()["started_at"].rstrip("Z"))
    before = (started - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S")
    early = await client.put(path, json={"ended_at": before}, headers=headers)
    assert early.status_code == 422 and early.json()["invalidFields"] == ["ended_at"]
    future = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert (await client.put(path, json={"ended_at": future}, headers=headers)).status_code == 422
    garbage = await client.put(path, json={"ended_at": "yesterday"}, headers=headers)
    assert garbage.status_code == 422 and "ended_at" in garbage.json()["errors"]
    assert (await client.get(path, headers=headers)).json()["ended_at"] is None  # nothing changed
    assert (await client.get(setup.path("/time-tracking/nope"), headers=headers)).status_code == 404
    assert (await client.put(setup.path("/time-tracking/nope"), json={}, headers=headers)).status_code == 404
    assert (await client.delete(setup.path("/time-tracking/nope"), headers=headers)).status_code == 404
    # Someone else's entry: a full member may read it but not change it; an admin may.
    member = await factories.member(app, setup.account.workspace_id, role="full-member")
    assert (await client.get(path, headers=member.headers)).status_code == 200
    refused = await client.delete(path, headers=member.headers)
    assert refused.status_code == 403 and refused.json()["code"] == "time-tracking/not-entry-owner"
    admin = await factories.member(app, setup.account.workspace_id, role="admin")
    assert (await client.put(path, json={"description": "fixed"}, headers=admin.headers)).status_code == 200
    # The value itself is read-only through the items API.
    write = await client.put(
        setup.path(f"/items/{item_id}"),
        json={"values": [{"attribute_id": setup.attributes["Tracked"], "data": 60}]},
        headers=headers,
    )
    assert write.status_code == 422
    assert "Time tracking endpoint" in write.json()["errors"]["values.0.data"][0]
    # A deleted item's entries are gone from the API.
    await factories_collab.delete_item(app, setup, item_id)
    assert (await client.get(path, headers=headers)).status_code == 404
    assert (await _start(client, setup, item_id)).status_code == 422
    anonymous = await client.post(collection, json={"item_id": item_id})
    assert anonymous.status_code == 401
    read_only = await factories.token(app, setup.account.user_id, scopes=["read"])
    denied = await client.post(
        collection,
        json={"item_id": item_id, "attribute_id": setup.attributes["Tracked"]},
        headers={"Authorization": f"Bearer {read_only}"},
    )
    assert denied.status_code == 403


async def test_two_racing_starts_make_one_entry(app: FastAPI, setup: BoardSetup, make_client: Any) -> None:
    item_id = await factories_collab.item(app, setup, {"Name": "Race"})
    one: httpx.AsyncClient = await make_client()
    two: httpx.AsyncClient = await make_client()
    answers = await asyncio.gather(_start(one, setup, item_id), _start(two, setup, item_id))
    assert sorted(a.status_code for a in answers) == [201, 409]
    async with app.state.db.transaction(write=False) as session:
        running = list(await session.scalars(select(TimeEntry.id).where(TimeEntry.item_id == item_id)))
    assert len(running) == 1


async def _track(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup, item_id: str, minutes: int
) -> None:
    entry = (await _start(client, setup, item_id)).json()
    now = utcnow().replace(microsecond=0)
    await _backdate(app, entry["id"], now - timedelta(minutes=minutes))
    ended = await client.put(
        setup.path(f"/time-tracking/{entry['id']}"),
        json={"ended_at": now.isoformat() + "Z"},
        headers=setup.account.headers,
    )
    assert ended.status_code == 200, ended.text


async def test_views_filter_and_sort_by_the_seconds_tracked(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    ids = {
        name: await factories_collab.item(app, setup, {"Name": name}) for name in ("long", "short", "none")
    }
    await _track(client, app, setup, ids["long"], 90)
    await _track(client, app, setup, ids["short"], 30)
    tracked = setup.attributes["Tracked"]
    names = {item_id: name for name, item_id in ids.items()}

    async def shown(settings: dict[str, Any]) -> list[str]:
        view = await client.post(
            setup.path("/views"),
            json={"type": "list", "folder_id": setup.folder_id, "settings": settings},
            headers=setup.account.headers,
        )
        assert view.status_code in (200, 201), view.text
        listed = await client.get(
            setup.path(f"/views/{view.json()['id']}/items"), headers=setup.account.headers
        )
        assert listed.status_code == 200, listed.text
        return [names[item["id"]] for item in listed.json()["data"]]

    def where(operator: str, value: Any = None) -> dict[str, Any]:
        condition = {
            "attributeId": tracked,
            "operator": operator,
            **({} if value is None else {"value": value}),
        }
        return {"filter": {"conditions": [condition]}}

    def by(direction: str) -> dict[str, Any]:
        return {"sort": {"conditions": [{"attributeId": tracked, "settings": {"direction": direction}}]}}

    assert await shown(where("gte", 3600)) == ["long"]
    assert sorted(await shown(where("lt", 3600))) == ["short"]
    assert await shown(where("is", 1800)) == ["short"]
    assert sorted(await shown(where("between", [1000, 6000]))) == ["long", "short"]
    assert await shown(where("is_empty")) == ["none"]
    # Ascending and descending by the total; an item without time comes last either way.
    assert await shown(by("asc")) == ["short", "long", "none"]
    assert await shown(by("desc")) == ["long", "short", "none"]
    # A filter value that is not a number is refused like any number filter's.
    bad = await client.post(
        setup.path("/views"),
        json={"type": "list", "folder_id": setup.folder_id, "settings": where("gte", "an hour")},
        headers=setup.account.headers,
    )
    assert bad.status_code == 422, bad.text
