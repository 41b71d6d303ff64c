"""Test harness: every API test runs on SQLite and, when OPENINFINITY_TEST_POSTGRES_URL is set,
on PostgreSQL too. Each backend gets a fresh database built by the Alembic migrations (a copy of
the session's migrated template: tests/databases.py)."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.app import create_app
from openinfinity.core.config import Settings
from tests import factories
from tests.databases import drop_postgres_database, drop_templates, fresh_database_url
from tests.servers import DATA_DIR

# In-process apps keep their generated secret in the same test directory as the servers' (below).
os.environ.setdefault("OPENINFINITY_DATA_DIR", str(DATA_DIR))
POSTGRES_URL = os.environ.get("OPENINFINITY_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("OPENINFINITY_TEST_REDIS_URL")
if os.environ.get("OPENINFINITY_TEST_REQUIRE_SERVICES") and not (POSTGRES_URL and REDIS_URL):
    raise pytest.UsageError(
        "OPENINFINITY_TEST_REQUIRE_SERVICES is set: PostgreSQL and Redis URLs are required"
    )
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="PostgreSQL tests need OPENINFINITY_TEST_POSTGRES_URL (CI sets it)"
        ),
    ),
]


def free_tcp_port() -> int:
    """A loopback port nothing listens on (for "peer unreachable" tests)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session", autouse=True)
def migrated_templates() -> Iterator[None]:
    """The migrated templates (tests/databases.py) are built on first use; dropped at the end."""
    yield
    drop_templates()


@pytest.fixture(scope="session")
def tmp_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("openinfinity")


@pytest.fixture(scope="session", params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_root: Path) -> AsyncIterator[str]:
    url = await fresh_database_url(request.param, tmp_root)
    yield url
    if request.param == "postgres":
        await drop_postgres_database(url)


def test_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": database_url,
        "rate_limit": "1000000/minute",
        # Per-route windows off unless a test sets them: the session's app is shared by many tests.
        "rate_limit_uploads": "off",
        "rate_limit_signin": "off",
        "rate_limit_tokens": "off",
        "public_url": "http://testserver",
        "redis_url": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
async def app(database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(test_settings(database_url))
    yield application
    await application.state.db.dispose()


@pytest.fixture
async def make_client(database_url: str) -> AsyncIterator[object]:
    """Build a client for an app with other settings (same database), e.g. a tight rate limit."""
    opened: list[tuple[FastAPI, httpx.AsyncClient]] = []

    async def build(**overrides: object) -> httpx.AsyncClient:
        application = create_app(test_settings(database_url, **overrides))
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://testserver")
        opened.append((application, http))
        return http

    yield build
    for application, http in opened:
        await http.aclose()
        await application.state.db.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def owner(app: FastAPI) -> factories.Account:
    """A fresh user owning a fresh workspace, with a default-scope token."""
    return await factories.account(app)


@pytest.fixture
def anyio_backend() -> Iterator[str]:
    yield "asyncio"
