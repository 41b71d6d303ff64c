"""Attachments as item values read them: the ids a value lists, the files with fresh signed links
(what the items presenter shows) and their names (CSV cells). A leaf below items: it reads the
attachments table only, never item values."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.inlist import in_param
from openinfinity.files.models import Attachment
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.files.schemas import present_attachment_value


def collect_ids(datas: Iterable[Any]) -> list[int]:
    """Every attachment id in stored `attachments` value data (lists of ints)."""
    seen: dict[int, None] = {}
    for data in datas:
        if isinstance(data, list):
            for entry in data:
                if isinstance(entry, int) and not isinstance(entry, bool):
                    seen.setdefault(entry, None)
    return list(seen)


_FILES = Attachment.__table__
# Built once per dialect, the ids one parameter (core/inlist.py): every page of values shares it.
_WORKSPACE_FILES = {
    dialect: select(_FILES).where(
        _FILES.c.workspace_id == bindparam("workspace_id"), in_param(dialect, _FILES.c.id, "ids")
    )
    for dialect in ("sqlite", "postgresql")
}


async def presented_values(
    session: AsyncSession, runtime: AttachmentsRuntime, workspace_id: int, ids: Iterable[int]
) -> dict[int, dict[str, Any]]:
    """id -> attachment object with fresh links, for the `attachments` type's present() ctx
    (pass it as ctx["attachments"]). Ids of other workspaces or removed files are left out."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    dialect = session.get_bind().dialect.name
    rows = await session.execute(_WORKSPACE_FILES[dialect], {"workspace_id": workspace_id, "ids": wanted})
    # A Core row (no ORM loading on a page's worth of files) stands in for the entity: the
    # presenter reads its columns only.
    return {row.id: present_attachment_value(typing.cast(Attachment, row), runtime.signer) for row in rows}


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
