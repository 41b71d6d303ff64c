"""An aiosqlite-shaped SQLite connection that runs statements on the event loop, moves only slow
reads to a thread, and waits for the database lock with asyncio sleeps.

aiosqlite runs every call (cursor, execute, fetch, close) on a helper thread and awaits a future:
four thread hops per query, each waiting for the GIL. Profiled on a get-item request (five small
queries) the hops cost more than everything else together. Here a statement first runs inline,
within two guards:

- a time budget for reads: a progress handler interrupts a SELECT that runs longer than
  `READ_BUDGET` seconds (a common-word search over a large board, a view sorted on values), and the
  SELECT is re-run on a thread, in the same transaction and so on the same snapshot. Only SELECTs
  are interrupted: SQLite rolls back the whole transaction when a write statement is interrupted.
- no lock waits: the connection's busy timeout is 0, so a statement that would wait for the
  database lock (BEGIN IMMEDIATE while another writer holds it) fails at once with SQLITE_BUSY and
  is retried, after an asyncio sleep of a millisecond or two, for up to `BUSY_TIMEOUT_MS`. A
  statement that failed with BUSY made no change, so re-running it is safe.

- one writer per process at the lock: a transaction that begins with BEGIN IMMEDIATE first
  takes this process's write gate (an asyncio lock per database file and event loop) and gives
  it back when it commits or rolls back. The writers of one process queue on the gate, asleep,
  and only the one at its head polls for the database lock; without it every waiting writer
  polled every millisecond or two, and with two server processes (each with its queue of
  writers) those retries made a create about 1.5 times dearer than with one.

The loop is therefore never held longer than the budget by one statement, and never by a lock.
With a `read_timeout` (the server's query time budget) a read that moved to a thread is
interrupted once it has run that long: it fails with "interrupted" (core/db `is_query_timeout`)
and frees its thread, instead of keeping a core busy after its client is gone.

Used through `create_async_engine(url, async_creator=...)` with SQLAlchemy's aiosqlite dialect;
the classes implement the subset of aiosqlite's Connection and Cursor that the dialect calls.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import time
import weakref
from collections.abc import Callable, Generator, Iterable
from typing import Any

READ_BUDGET = 0.002  # seconds a SELECT may run on the loop before it moves to a thread
BUSY_TIMEOUT_MS = 30_000  # how long a statement keeps retrying for the database lock
_CHECK_EVERY = 1000  # SQLite VM instructions between two looks at the clock

# Statements the budget may interrupt: plain reads. (WITH ... may end in a write.)
_READ = re.compile(r"\s*(SELECT|WITH\b(?!.*\b(INSERT|UPDATE|DELETE|REPLACE)\b))", re.IGNORECASE | re.DOTALL)


_BEGIN_WRITE = "BEGIN IMMEDIATE"
# The write gates: per event loop (an asyncio lock belongs to one), per database file.
_GATES: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def _write_gate(path: str) -> asyncio.Lock:
    gates = _GATES.setdefault(asyncio.get_running_loop(), {})
    return gates.setdefault(path, asyncio.Lock())


class _OverBudget(Exception):
    """The inline attempt ran out of time (an interrupted SELECT)."""


class _Busy(Exception):
    """The inline attempt would have had to wait for the database lock."""


def _is_busy(error: sqlite3.OperationalError) -> bool:
    text = str(error)
    return "database is locked" in text or "database table is locked" in text or "busy" in text


class _ImmediateQueue:
    """Stands in for aiosqlite's request queue (SQLAlchemy's isolation_level setter uses it)."""

    def put_nowait(self, request: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = request
        try:
            future.set_result(function())
        except Exception as exc:  # noqa: BLE001 - handed to the awaiting caller
            future.set_exception(exc)


class InlineCursor:
    def __init__(self, connection: InlineConnection) -> None:
        self._owner = connection
        self._cursor = connection.raw.cursor()
        self._rows: list[Any] = []

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

    def _run(self, sql: str, parameters: Any) -> None:
        """Execute and read every row (SQLAlchemy reads them all at once anyway)."""
        self._cursor.execute(sql, parameters)
        self._rows = self._cursor.fetchall() if self._cursor.description else []

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        if sql == _BEGIN_WRITE:
            await self._owner.begin_write()
            return self
        budgeted = _READ.match(sql) is not None
        await self._owner.guarded(lambda: self._run(sql, parameters), budgeted=budgeted)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Any]) -> InlineCursor:
        rows = list(parameters)
        await self._owner.guarded(lambda: self._cursor.executemany(sql, rows), budgeted=False)
        return self

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        size = size if size is not None else self._cursor.arraysize
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    async def close(self) -> None:
        self._cursor.close()


class InlineConnection:
    """The subset of aiosqlite.Connection that SQLAlchemy's aiosqlite dialect calls."""

    def __init__(self, path: str, *, read_timeout: float | None = None) -> None:
        # check_same_thread off: a statement may be re-run on a worker thread; the session that
        # owns this connection awaits it, so two threads never use it at once.
        self.path = path
        self.raw = sqlite3.connect(path, check_same_thread=False)
        self._conn = self.raw  # the name SQLAlchemy's isolation_level setter reaches for
        self.raw.execute("PRAGMA busy_timeout=0")
        self._connection: sqlite3.Connection | None = self.raw
        self._tx = _ImmediateQueue()
        self._deadline = 0.0
        self._read_timeout = read_timeout
        self._gate: asyncio.Lock | None = None  # this process's write gate, while held

    def __await__(self) -> Generator[Any, None, InlineConnection]:
        if False:  # pragma: no cover - makes this a generator; connecting needs no waiting
            yield
        return self

    def _over_budget(self) -> int:
        return 1 if time.perf_counter() > self._deadline else 0

    def attempt(self, run: Callable[[], Any], *, budgeted: bool) -> None:
        """Run on the loop; _OverBudget when a read ran out of time, _Busy instead of a lock wait."""
        if budgeted:
            self._deadline = time.perf_counter() + READ_BUDGET
            self.raw.set_progress_handler(self._over_budget, _CHECK_EVERY)
        try:
            run()
        except sqlite3.OperationalError as error:
            if budgeted and "interrupted" in str(error):
                raise _OverBudget from error
            if _is_busy(error):
                raise _Busy from error
            raise
        finally:
            if budgeted:
                self.raw.set_progress_handler(None, 0)

    def _bounded(self, run: Callable[[], Any]) -> None:
        """Run a read (on a thread) within the read timeout, counted from now."""
        if self._read_timeout is None:
            run()
            return
        self._deadline = time.perf_counter() + self._read_timeout
        self.raw.set_progress_handler(self._over_budget, _CHECK_EVERY)
        try:
            run()
        finally:
            self.raw.set_progress_handler(None, 0)

    async def guarded(self, run: Callable[[], Any], *, budgeted: bool) -> None:
        """Run on the loop. A read over budget finishes on a thread; a statement that found the
        database locked is retried on the loop every millisecond or two (the loop serves other
        requests meanwhile) for up to BUSY_TIMEOUT_MS. Waiting on the loop rather than on a
        thread matters: a writer parked on a pool thread could starve the lock holder of the
        thread its own slow statement needs, and neither would ever finish. SQLite's own busy
        handler would also sleep up to 100 ms between tries: a long tail for short locks."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.0005
        while True:
            try:
                self.attempt(run, budgeted=budgeted)
                return
            except _OverBudget:
                # A read: it holds no lock and WAL readers never wait for one.
                await asyncio.to_thread(self._bounded, run)
                return
            except _Busy as busy:
                if time.monotonic() > deadline:
                    raise busy.__cause__ from None  # type: ignore[misc]
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.002)

    async def begin_write(self) -> None:
        """BEGIN IMMEDIATE once this process's write gate is ours (see the module docstring);
        the gate is given back when the transaction ends. Waiting for the gate counts against
        BUSY_TIMEOUT_MS like waiting for the lock, and fails the same way."""
        gate = _write_gate(self.path)
        try:
            async with asyncio.timeout(BUSY_TIMEOUT_MS / 1000):
                await gate.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        self._gate = gate
        try:
            await self.guarded(lambda: self.raw.execute(_BEGIN_WRITE), budgeted=False)
        except BaseException:
            self._leave_gate()
            raise

    def _leave_gate(self) -> None:
        if self._gate is not None:
            gate, self._gate = self._gate, None
            gate.release()

    @property
    def isolation_level(self) -> str | None:
        return self.raw.isolation_level

    def cursor(self) -> InlineCursor:
        return InlineCursor(self)

    async def execute(self, sql: str, parameters: Any = ()) -> InlineCursor:
        return await self.cursor().execute(sql, parameters)

    async def commit(self) -> None:
        try:
            await self.guarded(self.raw.commit, budgeted=False)
        finally:
            self._leave_gate()

    async def rollback(self) -> None:
        try:
            self.raw.rollback()
        finally:
            self._leave_gate()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self.raw.create_function(*args, **kwargs)

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        self._leave_gate()
        if self._connection is not None:
            self._connection = None
            self.raw.close()


def creator(path: str, *, read_timeout: float | None = None) -> Callable[[], InlineConnection]:
    return lambda: InlineConnection(path, read_timeout=read_timeout)
