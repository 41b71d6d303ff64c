"""Engine and request session. One transaction per request, committed by `get_session`.

SQLite: WAL mode, foreign keys on, and writes start with BEGIN IMMEDIATE so that two writers wait
for each other instead of failing with "database is locked" on a lock upgrade; the wait happens on
a worker thread (core/sqlite_inline), never on the event loop.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from sqlalchemy import Executable, Result, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session

from openinfinity.core import commit_hold, sqlite_inline
from openinfinity.core.config import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# session.info key: the HTTP request the session serves, so what a write records (item history,
# audit log) can name who asked and from which address without every service passing it along.
REQUEST_KEY = "openinfinity.request"
# session.info key: the application's Settings (what a recorder needs, e.g. whether to record).
SETTINGS_KEY = "openinfinity.settings"

# session.info key: set when the session wrote (a flush, or a statement other than a SELECT
# through `session.execute`), so a read request's transaction is committed only if it wrote.
WROTE_KEY = "openinfinity.wrote"

# Whether the transaction about to begin will write; read by the SQLite "begin" hook.
_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=True)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves (pysqlite's implicit transactions defer locking badly).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Reads of a large board map the file instead of copying pages through read() calls.
        cursor.execute("PRAGMA mmap_size=268435456")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # On the driver's cursor: exec_driver_sql would build a result and an execution context
        # for a statement that returns nothing (a sizeable share of a short read's CPU).
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")
        finally:
            cursor.close()


class RequestSession(Session):
    """The sessions we hand out: they note in `info` whether they wrote (see `read_transaction`)."""


@event.listens_for(RequestSession, "after_flush")
def _flushed(session: Session, _context: Any) -> None:
    session.info[WROTE_KEY] = True


@event.listens_for(RequestSession, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[WROTE_KEY] = True


def _load_json(text: str | bytes | float) -> Any:
    """orjson for stored JSON (several times faster on a page of values); the stdlib for what
    orjson refuses (integers beyond 64 bits, NaN), so every stored document still reads back.
    SQLite hands JSON numbers back as numbers (the column has NUMERIC affinity)."""
    if isinstance(text, int | float):
        return text
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def is_query_timeout(error: BaseException) -> bool:
    """A statement stopped by the time budget: SQLite's progress handler ("interrupted") or
    PostgreSQL's statement_timeout (SQLSTATE 57014, query_canceled)."""
    if not isinstance(error, DBAPIError):
        return False
    orig = error.orig
    if getattr(orig, "sqlstate", None) == "57014" or getattr(orig, "pgcode", None) == "57014":
        return True
    return isinstance(error, OperationalError) and "interrupted" in str(orig)


def make_engine(settings: Settings, *, statement_timeout: float | None = None) -> AsyncEngine:
    """The engine; with `statement_timeout` (seconds) no read runs longer than that (SQLite:
    reads; PostgreSQL: every statement), see `is_query_timeout`."""
    if settings.is_sqlite:
        # Statements run on the event loop unless slow or waiting for a lock (core/sqlite_inline).
        path = make_url(settings.database_url).database or ""
        engine = create_async_engine(
            settings.database_url,
            async_creator=sqlite_inline.creator(path, read_timeout=statement_timeout),
            pool_size=8,
            max_overflow=16,
            json_deserializer=_load_json,
        )
        _configure_sqlite(engine)
        return engine
    connect_args: dict[str, Any] = {}
    if statement_timeout is not None:
        milliseconds = str(max(1, round(statement_timeout * 1000)))
        connect_args["server_settings"] = {"statement_timeout": milliseconds}
    return create_async_engine(
        settings.database_url,
        pool_size=10,
        max_overflow=20,
        pool_pre_ping=True,
        json_deserializer=_load_json,
        connect_args=connect_args,
    )


class Database:
    """Owns the engine and hands out sessions; one per application instance."""

    def __init__(self, settings: Settings, *, statement_timeout: float | None = None) -> None:
        """`statement_timeout`: the server's query time budget; None (commands, the worker's
        maintenance) lets statements run as long as they need."""
        self.settings = settings
        self.engine = make_engine(settings, statement_timeout=statement_timeout)
        self.sessionmaker = async_sessionmaker(
            self.engine,
            expire_on_commit=False,
            autoflush=False,
            info={SETTINGS_KEY: settings},
            sync_session_class=RequestSession,
        )

    @asynccontextmanager
    async def transaction(self, *, write: bool = True) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed when the block ends without error."""
        async with self._session(write=write, commit=lambda _session: True) as session:
            yield session

    @asynccontextmanager
    async def read_transaction(self) -> AsyncIterator[AsyncSession]:
        """The transaction of a safe-method request: a snapshot for its reads, ended without a
        COMMIT (closing the session rolls it back: nothing to write, and a COMMIT and its
        bookkeeping were about 5% of a get item's CPU), unless the session wrote after all
        (`WROTE_KEY`), which is then committed as before. Writes sent on `session.connection()`
        directly are not seen: a read request does not write that way."""
        async with self._session(
            write=False, commit=lambda session: bool(session.info.get(WROTE_KEY))
        ) as session:
            yield session

    @asynccontextmanager
    async def _session(
        self, *, write: bool, commit: Callable[[AsyncSession], bool]
    ) -> AsyncIterator[AsyncSession]:
        """A session with the write intent set; committed at the end when `commit` says so,
        rolled back on error."""
        token = _write_intent.set(write)
        try:
            async with self.sessionmaker() as session:
                try:
                    yield session
                    if commit(session):
                        await session.commit()
                except BaseException:
                    await session.rollback()
                    raise
        finally:
            _write_intent.reset(token)

    @asynccontextmanager
    async def held_transaction(self, hold: commit_hold.CommitHold) -> AsyncIterator[AsyncSession]:
        """A write session that, when the block ends without error, is handed to `hold` (which
        commits it) instead of being committed here; rolled back on error."""
        token = _write_intent.set(True)
        try:
            session = self.sessionmaker()
            try:
                yield session
            except BaseException:
                await session.rollback()
                await session.close()
                raise
            hold.adopt(session)
        finally:
            _write_intent.reset(token)

    async def dispose(self) -> None:
        await self.engine.dispose()


async def core_execute(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Result[Any]:
    """A Core statement (plain columns, no entities) on the session's connection, in its
    transaction. `session.execute` would run it through the ORM's execution layer (compile state,
    row processors per column, `loading.instances`): a quarter of a one-row read's CPU, for nothing
    when no entity is loaded. The session is not autoflushed (it never is: autoflush=False)."""
    return await session.run_sync(_execute_core, statement, params)


def _execute_core(session: Session, statement: Executable, params: Mapping[str, Any] | None) -> Result[Any]:
    # One greenlet switch for both steps (AsyncSession.connection() would take one of its own).
    return session.connection().execute(statement, params)


def get_database(request: Request) -> Database:
    """The application's database (core reads it here; the rest of the code through
    `openinfinity.appstate.app_state`, which is the same `app.state`)."""
    db: Database = request.app.state.db
    return db


def _request_transaction(request: Request) -> AbstractAsyncContextManager[AsyncSession]:
    """A write under a commit hold (an Idempotency-Key) is handed to the hold's owner, who commits
    it together with what it records; any other request commits here."""
    if request.method in SAFE_METHODS:
        return get_database(request).read_transaction()
    hold = commit_hold.current()
    if hold is not None:
        return get_database(request).held_transaction(hold)
    return get_database(request).transaction(write=True)


@asynccontextmanager
async def request_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's transaction: committed when the block ends (or handed to the request's
    commit hold), rolled back on error. Run by the dependency that serves the session to the
    handler, which exits before the response is sent."""
    async with _request_transaction(request) as session:
        session.info[REQUEST_KEY] = request
        yield session


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request's transaction: committed before the response is sent, rolled back on error."""
    async with request_session(request) as session:
        yield session


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
