"""Liveness and readiness against real peers: an unmigrated database, an unwritable storage
directory and an unreachable Redis each make `/health/ready` answer 503 with the reason."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from openinfinity.app import create_app
from openinfinity.core.migrate import head_revisions, upgrade
from tests import conftest
from tests.conftest import BACKENDS, REDIS_URL, free_tcp_port
from tests.databases import create_postgres_database, drop_postgres_database


async def test_ready_when_migrated_and_storage_writable(
    make_client: Callable[..., Any], tmp_path: Path
) -> None:
    client = await make_client(storage_dir=tmp_path / "files")
    live = await client.get("/health")
    assert live.status_code == 200 and live.json()["status"] == "ok"
    ready = await client.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "storage": "ok", "redis": "not configured"}
    assert list((tmp_path / "files").rglob("*.*")) == []  # the probe file is removed


@pytest.mark.parametrize("backend", BACKENDS)
async def test_unmigrated_database_is_not_ready(backend: str, tmp_path: Path) -> None:
    url = await create_postgres_database() if backend == "postgres" else f"sqlite:///{tmp_path / 'empty.db'}"
    app = create_app(conftest.test_settings(url, storage_dir=tmp_path / "files"))
    try:
        async with _client(app) as client:
            assert (await client.get("/health")).status_code == 200
            ready = await client.get("/health/ready")
    finally:
        await app.state.db.dispose()
        if backend == "postgres":
            await drop_postgres_database(url)
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"] == "the database has no schema: run openinfinity migrate"
    assert "run openinfinity migrate" in ready.json()["message"]


async def test_a_head_another_revision_depends_on_counts_as_applied(tmp_path: Path) -> None:
    """0012 depends on 0007, itself a head: once 0012 and the merge point 0013 are applied,
    alembic_version no longer lists 0007, and the database is still at the head. A database of the
    side heads (0004-0007, 0011) is behind, and `upgrade` brings it to the one head."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'steps.db'}"
    for step in ("0011", "0004", "0005", "0006", "0007"):
        await asyncio.to_thread(upgrade, url, step)
    app = create_app(conftest.test_settings(url, storage_dir=tmp_path / "files"))
    try:
        async with _client(app) as client:
            behind = await client.get("/health/ready")
            await asyncio.to_thread(upgrade, url)
            at_head = await client.get("/health/ready")
    finally:
        await app.state.db.dispose()
    assert behind.status_code == 503
    assert behind.json()["checks"]["database"].endswith("run openinfinity migrate")
    # The one head past the merge point 0013 (later revisions chain after it).
    [head] = [h for h in head_revisions() if h != "0007"]
    assert head in behind.json()["checks"]["database"]
    assert at_head.status_code == 200, at_head.text
    with sqlite3.connect(tmp_path / "steps.db") as db:
        recorded = {row[0] for row in db.execute("SELECT version_num FROM alembic_version")}
    assert recorded == {head} and "0007" in head_revisions()


async def test_unreachable_database_is_not_ready(tmp_path: Path) -> None:
    url = f"postgresql://nobody@127.0.0.1:{free_tcp_port()}/nothing"
    app = create_app(conftest.test_settings(url, storage_dir=tmp_path / "files"))
    try:
        async with _client(app) as client:
            assert (await client.get("/health")).status_code == 200
            ready = await client.get("/health/ready")
    finally:
        await app.state.db.dispose()
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"].startswith("database: ")


async def test_unwritable_storage_is_not_ready(make_client: Callable[..., Any], tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the storage directory should be")
    client = await make_client(storage_dir=blocker)
    ready = await client.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["storage"].startswith("storage: ")
    assert ready.json()["checks"]["database"] == "ok"


@pytest.mark.skipif(not REDIS_URL, reason="Redis tests need OPENINFINITY_TEST_REDIS_URL (CI sets it)")
async def test_redis_checked_when_configured(make_client: Callable[..., Any], tmp_path: Path) -> None:
    fine = await make_client(storage_dir=tmp_path, redis_url=REDIS_URL)
    assert (await fine.get("/health/ready")).json()["checks"]["redis"] == "ok"
    down = await make_client(storage_dir=tmp_path, redis_url=f"redis://127.0.0.1:{free_tcp_port()}/0")
    ready = await down.get("/health/ready")
    assert ready.status_code == 503
    assert ready.json()["checks"]["redis"].startswith("redis: ")


def _client(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
