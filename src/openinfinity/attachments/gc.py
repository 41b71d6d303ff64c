"""`openinfinity gc-attachments`: remove attachments that no live value references.

An attachment is kept while any value of an `attachments` attribute on a non-deleted item (of a
non-deleted attribute) lists it, and while it is younger than the grace period (uploaded, about
to be used). Rows are deleted in one transaction first, files after it commits: a crash between
the two leaves an orphaned file, never a row whose file is gone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.db import Database
from openinfinity.core.models import utcnow
from openinfinity.core.progress import SILENT, Progress
from openinfinity.core.softdelete import live
from openinfinity.files.lookup import collect_ids
from openinfinity.files.models import Attachment
from openinfinity.files.storage import Storage
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.models import Attribute

BATCH = 500


@dataclass(slots=True)
class GcSummary:
    examined: int = 0
    deleted: int = 0
    freed_bytes: int = 0
    kept_referenced: int = 0
    kept_recent: int = 0
    storage_errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "examined": self.examined,
            "deleted": self.deleted,
            "freed_bytes": self.freed_bytes,
            "kept_referenced": self.kept_referenced,
            "kept_recent": self.kept_recent,
            "storage_errors": self.storage_errors,
        }


async def _referenced_ids(session: AsyncSession) -> set[int]:
    stmt = (
        select(Value.data)
        .join(Item, Item.id == Value.item_id)
        .join(Attribute, Attribute.id == Value.attribute_id)
        .where(Attribute.type == "attachments", live(Item), live(Attribute))
        .execution_options(yield_per=1000)
    )
    result = await session.stream_scalars(stmt)
    return set(collect_ids([data async for data in result]))


async def _lock_unreferenced(
    session: AsyncSession, candidates: list[tuple[int, str, str | None, int]], summary: GcSummary
) -> list[tuple[int, str, str | None, int]]:
    """The candidates this transaction could lock (a row being attached right now is skipped)
    and that no value references once they are locked (the second scan sees commits made since
    the first). A no-op lock on SQLite, where the sweep already excludes every writer."""
    locked: set[int] = set()
    ids = [c[0] for c in candidates]
    for start in range(0, len(ids), BATCH):
        found = await session.scalars(
            select(Attachment.id)
            .where(Attachment.id.in_(ids[start : start + BATCH]))
            .with_for_update(skip_locked=True)
        )
        locked.update(found.all())
    referenced = await _referenced_ids(session) if session.get_bind().dialect.name != "sqlite" else set()
    keep = [c for c in candidates if c[0] not in locked or c[0] in referenced]
    summary.kept_referenced += len(keep)
    return [c for c in candidates if c[0] in locked and c[0] not in referenced]


async def collect_garbage(
    db: Database,
    storage: Storage,
    *,
    grace_seconds: int,
    dry_run: bool = False,
    progress: Progress = SILENT,
) -> GcSummary:
    """Stages reported to `progress`: scanning, rows (deleted), files (deleted from storage)."""
    summary = GcSummary()
    cutoff = utcnow() - timedelta(seconds=grace_seconds)
    doomed: list[tuple[int, str, str | None, int]] = []
    # One write transaction: on SQLite it excludes concurrent writers, so a value cannot start
    # referencing an attachment between the scan and the delete.
    async with db.transaction() as session:
        progress.stage("scanning")
        summary.examined = await session.scalar(select(func.count()).select_from(Attachment)) or 0
        summary.kept_recent = (
            await session.scalar(select(func.count()).where(Attachment.created_at > cutoff)) or 0
        )
        referenced = await _referenced_ids(session)
        rows = (
            await session.execute(
                select(Attachment.id, Attachment.path, Attachment.thumb_path, Attachment.filesize).where(
                    Attachment.created_at <= cutoff
                )
            )
        ).all()
        for row in rows:
            if row.id in referenced:
                summary.kept_referenced += 1
            else:
                doomed.append((row.id, row.path, row.thumb_path, row.filesize))
        if not dry_run and doomed:
            doomed = await _lock_unreferenced(session, doomed, summary)
        if not dry_run:
            progress.stage("rows", len(doomed))
            for start in range(0, len(doomed), BATCH):
                ids = [d[0] for d in doomed[start : start + BATCH]]
                await session.execute(delete(Attachment).where(Attachment.id.in_(ids)))
                progress.advance(len(ids))
    summary.deleted = len(doomed)
    summary.freed_bytes = sum(d[3] for d in doomed)
    if dry_run:
        return summary
    progress.stage("files", len(doomed))
    for _id, path, thumb, _size in doomed:
        progress.advance()
        for key in (path, thumb):
            if key is None:
                continue
            try:
                await storage.delete(key)
            except Exception as exc:  # keep going: one unreachable object must not stop the sweep
                summary.storage_errors.append(f"{key}: {type(exc).__name__}: {exc}")
    return summary
