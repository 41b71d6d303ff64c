"""Large deletes: the items disappear at once, the rest is done in the background in small batches.

Deleting a folder used to do everything in the request's transaction: for 100,000 items that held
SQLite's write lock for 49.6 s, and every writer of every board waited that long. Now:

1. The request soft-deletes the folders and, with one set-based UPDATE per 500 folders, their
   items (reads skip deleted items at once), and records an `ItemPurge` job, in its transaction.
2. The dispatcher (in `serve`, or `openinfinity worker`) runs `run_batch` between its rounds:
   each batch is its own short transaction over `BATCH` items in id order: their outbox events
   (item.updated with `deleted_at`, then item.deleted, as for a single delete), their search
   documents and the references from and to them. Other writers get the lock between batches.
3. The job remembers the last item done (`after_id`) in the batch's transaction, so a restart
   resumes where it stopped: durable, and every item is handled exactly once.
"""

from __future__ import annotations

import logging

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core.db import Database
from openinfinity.core.models import utcnow
from openinfinity.folders import service as folders
from openinfinity.folders.models import Folder
from openinfinity.items.events import items_deleted
from openinfinity.items.models import Item, ItemPurge
from openinfinity.items.search import drop_docs
from openinfinity.references.service import remove_for_items

log = logging.getLogger(__name__)

BATCH = 500  # items per background transaction: a few ms of lock on SQLite
_FOLDER_CHUNK = 500


async def delete_folder(session: AsyncSession, board: BoardContext, folder: Folder) -> Folder:
    """Delete a folder, its sub-folders and their items: gone for readers when this transaction
    commits, the per-item work queued (every path that deletes a folder comes here)."""
    doomed = await folders.delete_folder(session, board, folder)
    await _delete_items_of_folders(session, board, doomed)
    return folder


async def _delete_items_of_folders(session: AsyncSession, board: BoardContext, folder_ids: list[str]) -> None:
    """Soft-delete every live item of these (just deleted) folders and queue the rest of the work."""
    now = utcnow()
    for start in range(0, len(folder_ids), _FOLDER_CHUNK):
        chunk = folder_ids[start : start + _FOLDER_CHUNK]
        await session.execute(
            update(Item)
            .where(Item.folder_id.in_(chunk), Item.deleted_at.is_(None))
            .values(deleted_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    session.add(
        ItemPurge(workspace_id=board.workspace.id, board_id=board.id, folder_ids=folder_ids, deleted_at=now)
    )
    await session.flush()


async def pending(db: Database) -> bool:
    async with db.transaction(write=False) as session:
        return await session.scalar(select(ItemPurge.id).limit(1)) is not None


async def run_batch(db: Database, *, limit: int = BATCH) -> int:
    """Handle up to `limit` items of the oldest job; the number handled (0: nothing to do)."""
    async with db.transaction() as session:
        job = await session.scalar(
            select(ItemPurge).order_by(ItemPurge.id).limit(1).with_for_update(skip_locked=True)
        )
        if job is None:
            return 0
        items = list(
            await session.scalars(
                select(Item)
                .where(
                    Item.folder_id.in_(job.folder_ids),
                    Item.deleted_at == job.deleted_at,
                    Item.id > job.after_id,
                )
                .order_by(Item.id)
                .limit(limit)
            )
        )
        if not items:
            await session.delete(job)
            log.info("large delete finished", extra={"board_id": job.board_id})
            return 0
        ids = [item.id for item in items]
        await drop_docs(session, ids)
        await remove_for_items(session, ids)
        items_deleted(session, workspace_id=job.workspace_id, board_id=job.board_id, items=items)
        job.after_id = ids[-1]
        return len(items)


async def run_all(db: Database) -> int:
    """Every queued job to its end (commands and tests; the dispatcher goes batch by batch)."""
    total = 0
    while await pending(db):
        total += await run_batch(db)
    return total
