"""SQLite statements run on the event loop, except a read over its time budget or a statement
waiting for the database lock: those move to a thread, so the loop keeps serving other requests."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from openinfinity.core.config import Settings
from openinfinity.core.db import Database

SLOW_READ = (
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c"
)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'inline.db'}"))
    async with database.transaction() as session:
        await session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield database
    await database.dispose()


async def _longest_stall(work: Awaitable[Any]) -> tuple[Any, float]:
    """Run `work` while a ticker measures the longest time the loop went without running it."""
    stalls = [0.0]
    done = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            stalls.append(now - last)
            last = now

    tick = asyncio.create_task(ticker())
    await asyncio.sleep(0.02)  # the ticker is running before the work starts
    try:
        result = await work
    finally:
        done.set()
        await tick
    return result, max(stalls)


async def test_a_slow_read_moves_off_the_loop_and_still_answers(db: Database) -> None:
    async def read() -> int:
        async with db.transaction(write=False) as session:
            return int(await session.scalar(text(SLOW_READ)) or 0)

    started = time.perf_counter()
    count, stall = await _longest_stall(read())
    elapsed = time.perf_counter() - started
    assert count == 2_000_000
    assert elapsed > 0.2  # it really was slow...
    assert stall < elapsed / 2  # ...and the loop kept running meanwhile


async def test_an_interrupted_read_keeps_the_transactions_writes(db: Database) -> None:
    async with db.transaction() as session:
        await session.execute(text("INSERT INTO notes (body) VALUES ('kept')"))
        assert await session.scalar(text(SLOW_READ)) == 2_000_000
        assert await session.scalar(text("SELECT count(*) FROM notes")) == 1
    async with db.transaction(write=False) as session:
        assert await session.scalar(text("SELECT body FROM notes")) == "kept"


async def test_a_writer_waits_for_the_lock_off_the_loop(db: Database, tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "inline.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO notes (body) VALUES ('first')")

    async def write() -> None:
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('second')"))

    async def release_later() -> None:
        await asyncio.sleep(0.3)
        other.execute("COMMIT")

    release = asyncio.create_task(release_later())
    _, stall = await _longest_stall(write())
    await release
    other.close()
    assert stall < 0.2  # the 0.3 s wait for the lock happened on a thread
    async with db.transaction(write=False) as session:
        rows = (await session.execute(text("SELECT body FROM notes ORDER BY id"))).scalars().all()
    assert rows == ["first", "second"]


async def test_waiting_writers_never_starve_the_lock_holder_of_a_thread(db: Database) -> None:
    """The writer holding the lock runs a slow read (which needs a pool thread) while others wait
    for the lock: the waiters must not sit on the pool's threads, or nobody finishes."""
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(max_workers=2))
    holding = asyncio.Event()

    async def holder() -> int:
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES ('holder')"))
            holding.set()
            await asyncio.sleep(0.1)  # the waiters are queued behind the lock by now
            return int(await session.scalar(text(SLOW_READ)) or 0)

    async def waiter(n: int) -> None:
        await holding.wait()
        async with db.transaction() as session:
            await session.execute(text("INSERT INTO notes (body) VALUES (:b)"), {"b": f"waiter {n}"})

    results = await asyncio.wait_for(asyncio.gather(holder(), *(waiter(n) for n in range(4))), 20)
    assert results[0] == 2_000_000
    async with db.transaction(write=False) as session:
        assert await session.scalar(text("SELECT count(*) FROM notes")) == 5
