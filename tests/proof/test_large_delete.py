"""Issue 20 #10: deleting a large folder no longer holds the write lock for the whole cascade.

The request soft-deletes the folder and its items (gone for readers when it answers) and queues
the per-item work, which runs in small batches, each its own transaction. Proven by order, not by
time: a write to another board made between two batches commits between them (its outbox event
lies between the two batches' events), where before it could only come after the whole cascade.
The queue is durable: another app on the same database (a restarted server) finishes the job.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, insert, or_, select

from openinfinity.app import create_app
from openinfinity.core.events import OutboxEvent
from openinfinity.core.models import utcnow
from openinfinity.items import purge
from openinfinity.items.models import Item, ItemPurge
from openinfinity.items.search import ItemSearchDoc
from openinfinity.schema.references.models import Reference
from tests import conftest, factories_items
from tests.factories import Account
from tests.factories_items import BoardSetup
from tests.servers import cli_env, running_server

COUNT = 1_200  # bulk items of the doomed folder: several batches of purge.BATCH


async def _bulk(app: FastAPI, setup: BoardSetup, owner: Account, folder_id: str, count: int) -> None:
    now = utcnow()
    rows = [
        {
            "id": str(uuid.uuid4()),
            "board_id": setup.board_id,
            "folder_id": folder_id,
            "sort_order": float(n),
            "created_by": owner.user_id,
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    async with app.state.db.transaction() as session:
        await session.execute(insert(Item), rows)


async def _subfolder(client: httpx.AsyncClient, setup: BoardSetup, parent: str) -> str:
    response = await client.post(
        setup.url("/folders"), json={"name": "Sub", "parent_id": parent}, headers=setup.headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def _events(app: FastAPI, board_id: str | None = None) -> list[tuple[int, str, str | None]]:
    async with app.state.db.transaction(write=False) as session:
        stmt = select(OutboxEvent.id, OutboxEvent.event, OutboxEvent.item_id).order_by(OutboxEvent.id)
        if board_id is not None:
            stmt = stmt.where(OutboxEvent.board_id == board_id)
        return [(int(i), e, item) for i, e, item in await session.execute(stmt)]


async def _count(app: FastAPI, stmt: Any) -> int:
    async with app.state.db.transaction(write=False) as session:
        return int(await session.scalar(stmt) or 0)


async def test_a_large_folder_delete_answers_at_once_and_purges_in_batches(
    app: FastAPI, client: httpx.AsyncClient, owner: Account, database_url: str
) -> None:
    await purge.run_all(app.state.db)  # jobs other tests' folder deletes left on the shared database
    setup = await factories_items.board_setup(app, owner, name="Large")
    other = await factories_items.board_setup(app, owner, name="Other")
    sub = await _subfolder(client, setup, setup.folder_id)
    await _bulk(app, setup, owner, setup.folder_id, COUNT)
    # Items made through the API: search documents, and references to them from a kept folder.
    named = [
        await factories_items.create_item(client, setup, folder_id=sub, values={"Name": f"doomed {n}"})
        for n in range(3)
    ]
    keeper = await factories_items.create_item(client, setup, folder_id=setup.other_folder_id)
    for target in named:
        linked = await client.post(
            setup.url("/references"),
            json={
                "attribute_id": setup.attr("Ref"),
                "from_item_id": keeper["id"],
                "to_item_id": target["id"],
            },
            headers=setup.headers,
        )
        assert linked.status_code == 201, linked.text
    doomed_ids = {i["id"] for i in named}

    deleted = await client.delete(setup.url(f"/folders/{setup.folder_id}"), headers=setup.headers)
    assert deleted.status_code == 200, deleted.text
    # Gone for readers at once: lists, single items, the reference value of the kept item.
    listed = await client.get(setup.url("/items"), params={"limit": 100}, headers=setup.headers)
    assert [i["id"] for i in listed.json()["data"]] == [keeper["id"]]
    assert (await client.get(setup.url(f"/items/{named[0]['id']}"), headers=setup.headers)).status_code == 404
    kept = await client.get(
        setup.url(f"/items/{keeper['id']}"), params={"expand[]": "values"}, headers=setup.headers
    )
    assert all(
        not (v["data"] if isinstance(v["data"], list) else [])
        for v in kept.json()["values"]
        if v["attribute_id"] == setup.attr("Ref")
    )
    # ... while the per-item work is queued, not done in the request.
    assert await _count(app, select(func.count()).select_from(ItemPurge)) == 1
    assert not [e for e in await _events(app, setup.board_id) if e[1] == "item.deleted"]

    # One batch, then a write to another board, then the rest: the write commits in between.
    assert await purge.run_batch(app.state.db) == purge.BATCH
    created = await client.post(
        other.url("/items"), json={"folder_id": other.folder_id}, headers=other.headers
    )
    assert created.status_code == 201, created.text
    # The rest of the job on another app on the same database (a restarted server).
    restarted = create_app(conftest.test_settings(database_url))
    try:
        assert await purge.run_all(restarted.state.db) == COUNT + len(named) - purge.BATCH
    finally:
        await restarted.state.db.dispose()

    board_deletions = [(i, item) for i, e, item in await _events(app, setup.board_id) if e == "item.deleted"]
    others = await _events(app, other.board_id)
    write = next(i for i, e, item in others if e == "item.created" and item == created.json()["id"])
    first_batch = [i for i, _item in board_deletions[: purge.BATCH]]
    rest = [i for i, _item in board_deletions[purge.BATCH :]]
    assert max(first_batch) < write < min(rest)
    # Everything was handled exactly once: an item.updated + item.deleted pair per item.
    assert len(board_deletions) == COUNT + len(named)
    assert len({item for _, item in board_deletions}) == COUNT + len(named)
    assert await _count(app, select(func.count()).select_from(ItemPurge)) == 0
    assert (
        await _count(
            app, select(func.count()).select_from(ItemSearchDoc).where(ItemSearchDoc.item_id.in_(doomed_ids))
        )
        == 0
    )
    references = (
        select(func.count())
        .select_from(Reference)
        .where(or_(Reference.to_item_id.in_(doomed_ids), Reference.from_item_id.in_(doomed_ids)))
    )
    assert await _count(app, references) == 0
    live = (
        select(func.count())
        .select_from(Item)
        .where(Item.board_id == setup.board_id, Item.deleted_at.is_(None))
    )
    assert await _count(app, live) == 1


async def test_the_server_purges_in_the_background(
    app: FastAPI, owner: Account, database_url: str, tmp_path: Any
) -> None:
    """A real `serve` process: its dispatcher finishes the job without any other request."""
    await purge.run_all(app.state.db)
    setup = await factories_items.board_setup(app, owner, name="Served")
    await _bulk(app, setup, owner, setup.folder_id, 700)
    env = cli_env(
        database_url, OPENINFINITY_RATE_LIMIT="1000000/minute", OPENINFINITY_WEBHOOK_POLL_INTERVAL="0.05"
    )
    with running_server(env, tmp_path) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            deleted = await http.delete(setup.url(f"/folders/{setup.folder_id}"), headers=setup.headers)
            assert deleted.status_code == 200, deleted.text
            listed = await http.get(setup.url("/items"), headers=setup.headers)
            assert listed.json()["data"] == []
            for _ in range(300):
                if await _count(app, select(func.count()).select_from(ItemPurge)) == 0:
                    break
                await asyncio.sleep(0.1)
    gone = [e for e in await _events(app, setup.board_id) if e[1] == "item.deleted"]
    assert len(gone) == 700
    assert await _count(app, select(func.count()).select_from(ItemPurge)) == 0
