"""The demo workspace's content. The core data model adds the "Vacation Planning" board here."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


async def build(session: AsyncSession, *, owner_id: int, workspace_id: int) -> None:
    return None
