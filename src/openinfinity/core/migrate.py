"""Apply Alembic migrations programmatically (used by `serve`, `migrate`, `bootstrap`, tests)."""

from __future__ import annotations

import logging
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


def head_revisions() -> frozenset[str]:
    """The revisions a fully migrated database is at (read from the shipped migration scripts)."""
    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


async def unmigrated_reason(session: AsyncSession) -> str | None:
    """Why the database is not at the head revision, or None when it is."""
    try:
        rows = await session.execute(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return "the database has no schema: run openinfinity migrate"
    current = frozenset(str(row[0]) for row in rows)
    heads = head_revisions()
    if current == heads:
        return None
    if current - heads and not current & heads and _unknown(current):
        return f"the database is at revision {', '.join(sorted(current))}, newer than this version knows"
    return (
        f"the database is at revision {', '.join(sorted(current)) or 'none'}, "
        f"not {', '.join(sorted(heads))}: run openinfinity migrate"
    )


def _unknown(revisions: frozenset[str]) -> bool:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    known = {rev.revision for rev in script.walk_revisions()}
    return bool(revisions - known)
