"""Migration 0004 creates exactly what the comments, references and views models declare."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from fastapi import FastAPI

from openinfinity.db_models import Base

OURS = ("comments", "item_references", "folder_views")


def _mentions_ours(diff: Any) -> bool:
    return any(name in repr(diff) for name in OURS)


async def test_migration_matches_models(app: FastAPI) -> None:
    def compare(connection: Any) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return compare_metadata(context, Base.metadata)

    async with app.state.db.engine.connect() as connection:
        diffs = await connection.run_sync(compare)
    assert [d for d in diffs if _mentions_ours(d)] == []
