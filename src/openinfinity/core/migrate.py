"""Apply Alembic migrations programmatically (used by `serve`, `migrate`, `bootstrap`, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

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
