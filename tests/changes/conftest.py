"""Change-feed tests run against real `openinfinity serve` processes on 127.0.0.1 (one database per
backend, shared by the package), reading real HTTP streams. Test data is made through the services in this
process, writes go through the servers' API."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.app import create_app
from openinfinity.core.events import OutboxEvent
from tests import conftest, factories, factories_items
from tests.conftest import BACKENDS
from tests.databases import drop_postgres_database, fresh_database_url
from tests.factories_items import BoardSetup
from tests.servers import cli_env, running_server

SERVER_ENV = {
    "OPENINFINITY_RATE_LIMIT": "1000000/minute",
    "OPENINFINITY_CHANGES_HEARTBEAT_SECONDS": "0.5",
    "OPENINFINITY_CHANGES_ACCESS_CHECK_SECONDS": "0.5",
    "OPENINFINITY_CHANGES_POLL_INTERVAL": "0.1",
    "OPENINFINITY_TOKEN_CACHE_SECONDS": "0.2",
    "OPENINFINITY_SECRET_KEY": "change-feed-tests",
    "OPENINFINITY_LOG_LEVEL": "warning",
    # A small queue and send timeout, so bursts take the history path and a stalled client goes fast.
    "OPENINFINITY_CHANGES_QUEUE_SIZE": "4",
    "OPENINFINITY_CHANGES_SEND_TIMEOUT": "1",
}


@dataclass
class Feed:
    """A database, the app object of this process on it (for test data), and servers on it."""

    app: FastAPI
    bases: list[str]
    http: httpx.AsyncClient

    def url(self, setup: BoardSetup, path: str = "/changes", *, server: int = 0) -> str:
        return f"{self.bases[server]}{setup.url(path)}"

    async def board(self, owner: factories.Account) -> BoardSetup:
        return await factories_items.board_setup(self.app, owner)

    async def create_item(
        self, setup: BoardSetup, *, server: int = 0, values: dict[str, Any] | None = None
    ) -> httpx.Response:
        body: dict[str, Any] = {"folder_id": setup.folder_id}
        if values is not None:
            body["values"] = [{"attribute_id": setup.attr(k), "data": v} for k, v in values.items()]
        return await self.http.post(
            self.url(setup, "/items", server=server), json=body, headers=setup.headers
        )

    async def outbox(self, board_id: str) -> list[tuple[int, str, dict[str, Any]]]:
        """The board's committed outbox events, in id order: what the feed must send."""
        async with self.app.state.db.transaction(write=False) as session:
            rows = await session.execute(
                select(OutboxEvent.id, OutboxEvent.event, OutboxEvent.payload)
                .where(OutboxEvent.board_id == board_id)
                .order_by(OutboxEvent.id)
            )
            return [(int(i), e, p) for i, e, p in rows]


@contextlib.contextmanager
def servers(database_url: str, cwd: Path, count: int) -> Iterator[list[str]]:
    env = cli_env(database_url, **SERVER_ENV)
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(running_server(env, cwd)) for _ in range(count)]


@pytest.fixture(scope="package", params=BACKENDS)
async def feed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Feed]:
    """Two servers on one fresh database (most tests use the first)."""
    tmp = tmp_path_factory.mktemp("feed")
    url = await fresh_database_url(request.param, tmp)
    app = create_app(conftest.test_settings(url))
    stack = contextlib.ExitStack()
    try:
        bases = await asyncio.to_thread(stack.enter_context, servers(url, tmp, 2))
        async with httpx.AsyncClient(timeout=10) as http:
            yield Feed(app, bases, http)
    finally:
        await asyncio.to_thread(stack.close)
        await app.state.db.dispose()
        if request.param == "postgres":
            await drop_postgres_database(url)
