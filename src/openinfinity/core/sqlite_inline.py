"""An aiosqlite-shaped connection that runs sqlite3 calls inline on the event loop, for READ
transactions only.

aiosqlite runs every call (cursor, execute, fetch, close) on a helper thread and awaits a future:
four thread hops per query, each waiting for the GIL (up to the 5 ms switch interval on a busy
process). That made a simple GET cost ~10 ms of CPU where the query itself takes ~0.1 ms. A read
transaction in WAL mode never waits for a lock, so its calls are as short as a dict lookup and
may run on the loop directly. Writes keep aiosqlite: a write may wait on the database lock held by
another coroutine of this process, which must not freeze the loop.

Used through `create_async_engine(url, async_creator=...)` with SQLAlchemy's aiosqlite dialect.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator, Iterable
from typing import Any


class _ImmediateQueue:
    """Stands in for aiosqlite's request queue (SQLAlchemy's isolation_level setter uses it)."""

    def put_nowait(self, request: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = request
        try:
            future.set_result(function())
        except Exception as exc:  # noqa: BLE001 - handed to the awaiting caller
            future.set_exception(exc)


class InlineCursor:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self._cursor.arraysize)

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """The subset of aiosqlite.Connection that SQLAlchemy's aiosqlite dialect calls."""

    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._connection: sqlite3.Connection | None = self._conn
        self._tx = _ImmediateQueue()

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        if False:  # pragma: no cover - makes this a generator; connecting needs no waiting
            yield
        return self

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self._conn.cursor())

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def creator(path: str) -> Callable[[], InlineConnection]:
    return lambda: InlineConnection(path)
