"""`openinfinity serve` on the embedded database delivers webhooks itself (no worker to run)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from openinfinity.app import create_app
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.hooks.dispatcher import Dispatcher
from tests import conftest, factories, factories_hooks
from tests.hooks.conftest import FAST
from tests.hooks.receiver import Receiver
from tests.hooks.test_routes import create


def test_auto_means_in_process_unless_off() -> None:
    assert Settings(database_url="sqlite:///x.db").runs_in_process_dispatcher is True
    # PostgreSQL too: a deployment that forgot `openinfinity worker` still delivers.
    assert Settings(database_url="postgresql://db/x").runs_in_process_dispatcher is True
    assert (
        Settings(database_url="sqlite:///x.db", webhook_dispatcher="off").runs_in_process_dispatcher is False
    )
    forced = Settings(database_url="postgresql://db/x", webhook_dispatcher="in-process")
    assert forced.runs_in_process_dispatcher is True
    assert Settings(webhook_retry_delays="60,600").retry_delays == [60.0, 600.0]


async def test_the_server_lifespan_runs_the_dispatcher(database_url: str, receiver: Receiver) -> None:
    """With a poll interval far longer than the test, only the commit wake-up can deliver in time."""
    mode = "auto"  # on PostgreSQL too: no worker is needed for delivery
    slow_poll = {**FAST, "webhook_poll_interval": 60.0}
    app = create_app(conftest.test_settings(database_url, **slow_poll, webhook_dispatcher=mode))
    async with app.router.lifespan_context(app):
        owner = await factories.account(app)
        board_id = await factories_hooks.board(app, owner)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await create(client, owner, board_id, url=receiver.url(), events=["item.updated"])
        await asyncio.sleep(0.2)  # the dispatcher has gone idle
        await factories_hooks.record(app, owner, board_id, "item.updated", {"id": "i1", "object": "item"})
        [request] = await receiver.wait_for(1, "hook", within=10)
    assert request.json == {"event": "item.updated", "payload": {"id": "i1", "object": "item"}}


@pytest.mark.skipif(not conftest.POSTGRES_URL, reason="needs OPENINFINITY_TEST_POSTGRES_URL")
async def test_postgres_notify_wakes_a_separate_dispatcher(tmp_path: Path, receiver: Receiver) -> None:
    """A dispatcher that shares no process with the writer hears the commit through LISTEN."""
    url = await conftest.fresh_database_url("postgres", tmp_path)
    settings = conftest.test_settings(url, **{**FAST, "webhook_poll_interval": 60.0})
    writer, reader = create_app(settings), Database(settings)
    stop = asyncio.Event()
    task = asyncio.create_task(Dispatcher(reader, settings).run(stop))
    try:
        owner = await factories.account(writer)
        board_id = await factories_hooks.board(writer, owner)
        transport = httpx.ASGITransport(app=writer)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await create(client, owner, board_id, url=receiver.url(), events=["item.updated"])
        await asyncio.sleep(0.3)
        await factories_hooks.record(writer, owner, board_id, "item.updated", {"id": "i1", "object": "item"})
        await receiver.wait_for(1, "hook", within=10)
    finally:
        stop.set()
        await task
        await reader.dispose()
        await writer.state.db.dispose()
        await conftest.drop_postgres_database(url)
