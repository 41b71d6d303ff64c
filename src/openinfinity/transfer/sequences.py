"""Integer ids written explicitly (kept from the source) leave PostgreSQL's sequence behind; the
next ordinary insert would collide. SQLite moves its counter past explicit ids by itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession


async def catch_up(session: AsyncSession, model: Any) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    table = model.__tablename__
    await session.execute(
        text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"GREATEST((SELECT max(id) FROM {table}), 1))"
        )
    )
