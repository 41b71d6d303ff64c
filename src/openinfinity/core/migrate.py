"""Apply Alembic migrations programmatically (used by `serve`, `migrate`, `bootstrap`, tests)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def ensure_sqlite_directory(database_url: str) -> None:
    if database_url.startswith("sqlite") and ":///" in database_url:
        path = database_url.split(":///", 1)[1].split("?", 1)[0]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


def upgrade(database_url: str, revision: str = "heads") -> None:
    """Bring the schema to `revision`. Blocks; call it from a thread inside an event loop."""
    ensure_sqlite_directory(database_url)
    command.upgrade(alembic_config(database_url), revision)
    log.info("database schema at the head revision", extra={"revision": ", ".join(sorted(head_revisions()))})


@functools.cache
def _scripts() -> ScriptDirectory:
    """The shipped migration scripts, read once per process (readiness checks ask often)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revisions() -> frozenset[str]:
    """The head revisions of the shipped migration scripts; a fully migrated database has applied
    every one of them (see `unmigrated_reason`)."""
    return frozenset(_scripts().get_heads())


async def unmigrated_reason(session: AsyncSession) -> str | None:
    """Why the database is not at the head revision, or None when it is."""
    try:
        rows = await session.execute(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return "the database has no schema: run openinfinity migrate"
    current = frozenset(str(row[0]) for row in rows)
    heads = head_revisions()
    script = _scripts()
    known = {rev.revision for rev in script.walk_revisions()}
    if current - known:
        return f"the database is at revision {', '.join(sorted(current))}, newer than this version knows"
    if heads <= applied_revisions(script, current):
        # A head that another revision depends on (0007, needed by 0012) is not written to
        # alembic_version once its dependant is applied: it is applied all the same.
        return None
    return (
        f"the database is at revision {', '.join(sorted(current)) or 'none'}, "
        f"not {', '.join(sorted(heads))}: run openinfinity migrate"
    )


def applied_revisions(script: ScriptDirectory, current: frozenset[str]) -> set[str]:
    """Every revision applied to a database whose alembic_version rows are `current`: those and
    their ancestors, through down revisions and `depends_on` alike."""
    applied: set[str] = set()
    pending = list(current)
    while pending:
        revision = script.get_revision(pending.pop())
        if revision is None or revision.revision in applied:
            continue
        applied.add(revision.revision)
        pending += _as_tuple(revision.down_revision) + _as_tuple(revision.dependencies)
    return applied


def _as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)
