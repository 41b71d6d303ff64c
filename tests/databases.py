"""Test databases: empty ones, and migrated ones copied from a template built once per session.

Alembic costs about 1 CPU second per SQLite database and more wall time on PostgreSQL (a server
round trip per DDL statement), and the suite asks for dozens of migrated databases (servers in
tests/proof, tests/changes, tests/hooks, tests/transfer). So each backend is migrated once, into a
template: a SQLite file that is copied, a PostgreSQL database that `CREATE DATABASE ... TEMPLATE`
clones. The migrations themselves are proven by tests/migrations, tests/cli (`openinfinity
migrate`) and the session database of tests/conftest.py, which is still built by Alembic."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import threading
import uuid
from pathlib import Path

import asyncpg

from openinfinity.core.migrate import upgrade

POSTGRES_URL = os.environ.get("OPENINFINITY_TEST_POSTGRES_URL")

_templates: dict[str, str] = {}
_templates_lock = threading.Lock()
_template_dir = Path(tempfile.mkdtemp(prefix="openinfinity-test-templates-"))


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


def _async_url(name: str) -> str:
    assert POSTGRES_URL
    base = _plain(POSTGRES_URL).rsplit("/", 1)[0]
    return f"postgresql+asyncpg://{base.removeprefix('postgresql://')}/{name}"


async def _admin(statement: str) -> None:
    assert POSTGRES_URL
    admin = await asyncpg.connect(_plain(POSTGRES_URL))
    try:
        await admin.execute(statement)
    finally:
        await admin.close()


async def create_postgres_database(template: str | None = None) -> str:
    """A new database on the test server (empty, or a copy of `template`); returns its async URL."""
    name = f"oi_test_{uuid.uuid4().hex[:12]}"
    await _admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return _async_url(name)


async def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    await _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrated_template(backend: str) -> str:
    """The backend's migrated template (built on first use): a SQLite path or a PostgreSQL name.
    Synchronous and locked, because callers run in different event loops (and threads)."""
    with _templates_lock:
        if backend not in _templates:
            if backend == "postgres":
                url = asyncio.run(create_postgres_database())
                upgrade(url)  # Alembic's engine uses NullPool: no connection stays open on the template
                _templates[backend] = url.rsplit("/", 1)[1]
            else:
                path = _template_dir / "template.db"
                upgrade(f"sqlite+aiosqlite:///{path}")
                _templates[backend] = str(path)
        return _templates[backend]


def migrated_sqlite_file(path: Path) -> None:
    """A migrated SQLite database at `path` (a copy of the session's template)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_migrated_template("sqlite"), path)


async def fresh_database_url(backend: str, tmp: Path) -> str:
    """A new migrated database of `backend`; returns its async URL."""
    template = await asyncio.to_thread(_migrated_template, backend)
    if backend == "postgres":
        return await create_postgres_database(template)
    path = tmp / f"{uuid.uuid4().hex[:8]}.db"
    await asyncio.to_thread(migrated_sqlite_file, path)
    return f"sqlite+aiosqlite:///{path}"


def drop_templates() -> None:
    """Remove the templates (end of the session)."""
    with _templates_lock:
        postgres = _templates.pop("postgres", None)
        if postgres is not None:
            asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{postgres}" WITH (FORCE)'))
        _templates.clear()
        shutil.rmtree(_template_dir, ignore_errors=True)
