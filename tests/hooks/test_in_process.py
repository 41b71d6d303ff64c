"""`openinfinity serve` on the embedded database delivers webhooks itself (no worker to run)."""

from __future__ import annotations

import httpx

from openinfinity.app import create_app
from openinfinity.core.config import Settings
from tests import conftest, factories, factories_hooks
from tests.hooks.conftest import FAST
from tests.hooks.receiver import Receiver
from tests.hooks.test_routes import create


def test_auto_means_in_process_on_sqlite_only() -> None:
    assert Settings(database_url="sqlite:///x.db").runs_in_process_dispatcher is True
    assert Settings(database_url="postgresql://db/x").runs_in_process_dispatcher is False
    assert (
        Settings(database_url="sqlite:///x.db", webhook_dispatcher="off").runs_in_process_dispatcher is False
    )
    forced = Settings(database_url="postgresql://db/x", webhook_dispatcher="in-process")
    assert forced.runs_in_process_dispatcher is True
    assert Settings(webhook_retry_delays="60,600").retry_delays == [60.0, 600.0]


async def test_the_server_lifespan_runs_the_dispatcher(database_url: str, receiver: Receiver) -> None:
    mode = "auto" if database_url.startswith("sqlite") else "in-process"
    app = create_app(conftest.test_settings(database_url, **FAST, webhook_dispatcher=mode))
    async with app.router.lifespan_context(app):
        owner = await factories.account(app)
        board_id = await factories_hooks.board(app, owner)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            await create(client, owner, board_id, url=receiver.url(), events=["item.updated"])
        await factories_hooks.record(app, owner, board_id, "item.updated", {"id": "i1", "object": "item"})
        [request] = await receiver.wait_for(1, "hook")
    assert request.json == {"event": "item.updated", "payload": {"id": "i1", "object": "item"}}
