"""Hooks tests run against an app that may call 127.0.0.1 (the local receiver), with short retry
delays and timeouts so the retry schedule is exercised in well under a second per step."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from openinfinity.app import create_app
from openinfinity.hooks.dispatcher import Dispatcher
from openinfinity.hooks.models import CANCELLED, OPEN_STATES, HookDelivery
from tests import factories, factories_hooks
from tests.conftest import test_settings
from tests.hooks.receiver import Receiver

FAST = {
    "allow_private_urls": True,
    "webhook_retry_delays": "0.3,0.6",
    "webhook_timeout": 1.0,
    "webhook_poll_interval": 0.02,
    "webhook_lease_margin": 1.0,
}


@pytest.fixture(scope="session")
async def hooks_app(database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(test_settings(database_url, **FAST))
    yield application
    await application.state.db.dispose()


@pytest.fixture
async def hclient(hooks_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=hooks_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def hooker(hooks_app: FastAPI) -> factories.Account:
    return await factories.account(hooks_app)


@pytest.fixture
async def board_id(hooks_app: FastAPI, hooker: factories.Account) -> str:
    return await factories_hooks.board(hooks_app, hooker)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def dispatcher(hooks_app: FastAPI) -> AsyncIterator[Dispatcher]:
    worker = Dispatcher(hooks_app.state.db, hooks_app.state.settings)
    yield worker
    await worker.aclose()
    # Retries a test left scheduled would otherwise run inside the next test's dispatcher.
    async with hooks_app.state.db.transaction() as session:
        await session.execute(
            update(HookDelivery).where(HookDelivery.status.in_(OPEN_STATES)).values(status=CANCELLED)
        )
