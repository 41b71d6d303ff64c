"""Attachments as item values read them: the ids a value lists, the files with fresh signed links
(what the items presenter shows) and their names (CSV cells). A leaf below items: it reads the
attachments table only, never item values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attachments.models import Attachment
from openinfinity.attachments.runtime import AttachmentsRuntime
from openinfinity.attachments.schemas import present_attachment_value


def collect_ids(datas: Iterable[Any]) -> list[int]:
    """Every attachment id in stored `attachments` value data (lists of ints)."""
    seen: dict[int, None] = {}
    for data in datas:
        if isinstance(data, list):
            for entry in data:
                if isinstance(entry, int) and not isinstance(entry, bool):
                    seen.setdefault(entry, None)
    return list(seen)


async def presented_values(
    session: AsyncSession, runtime: AttachmentsRuntime, workspace_id: int, ids: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """id -> attachment object with fresh links, for the `attachments` type's present() ctx
    (pass it as ctx["attachments"]). Ids of other workspaces or removed files are left out."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.scalars(
        select(Attachment).where(Attachment.workspace_id == workspace_id, Attachment.id.in_(wanted))
    )
    return {a.id: present_attachment_value(a, runtime.signer) for a in rows}


async def file_names(session: AsyncSession, workspace_id: int, ids: Iterable[int]) -> dict[int, str]:
    """id -> file name of the workspace's attachments among `ids` (for CSV cells)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await session.execute(
        select(Attachment.id, Attachment.original_name).where(
            Attachment.workspace_id == workspace_id, Attachment.id.in_(wanted)
        )
    )
    return {attachment_id: name for attachment_id, name in rows}
