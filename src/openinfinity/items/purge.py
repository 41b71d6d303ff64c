"""Large deletes: the items disappear at once, the rest is done in the background in small batches.

Deleting a folder used to do everything in the request's transaction: for 100,000 items that held
SQLite's write lock for 49.6 s, and every writer of every board waited that long. Now:

1. The request soft-deletes the folders and, with one set-based UPDATE per 500 folders, their
   items (reads skip deleted items at once), and records an `ItemPurge` job, in its transaction.
2. The dispatcher (in `serve`, or `openinfinity worker`) runs `run_batch` between its rounds:
   each batch is its own short transaction over `BATCH` items in the folder's index order: their
   outbox events (item.updated with `deleted_at`, then item.deleted, as for a single delete),
   their search documents and the references from and to them. Other writers get the lock
   between batches.
3. The job remembers the folder and the last item done in the batch's transaction, so a restart
   resumes where it stopped: durable, and every item is handled exactly once.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from sqlalchemy import select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import history as recorder
from openinfinity.core.db import Database
from openinfinity.core.models import utcnow
from openinfinity.core.softdelete import live
from openinfinity.folders import service as folders
from openinfinity.folders.models import Folder
from openinfinity.items import history as item_history
from openinfinity.items.events import items_deleted
from openinfinity.items.models import Item, ItemPurge
from openinfinity.items.search import drop_docs
from openinfinity.references.service import remove_for_items

log = logging.getLogger(__name__)

BATCH = 200  # items per background transaction: about 40 ms of lock on SQLite (bench/large_delete.py)
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
            .where(Item.folder_id.in_(chunk), live(Item))
            .values(deleted_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
    actor = recorder.actor_of(session, board.workspace.principal)
    session.add(
        ItemPurge(
            workspace_id=board.workspace.id,
            board_id=board.id,
            folder_ids=folder_ids,
            deleted_at=now,
            **actor.columns(),
        )
    )
    await session.flush()


async def pending(db: Database) -> bool:
    async with db.transaction(write=False) as session:
        return await session.scalar(select(ItemPurge.id).limit(1)) is not None


async def run_batch(db: Database, *, limit: int = BATCH) -> int:
    """Handle up to `limit` items of the oldest job; the number handled (0: nothing to do)."""
    if not await pending(db):
        return 0  # a read first: an idle dispatcher never takes SQLite's write lock for this
    async with db.transaction() as session:
        job = await session.scalar(
            select(ItemPurge).order_by(ItemPurge.id).limit(1).with_for_update(skip_locked=True)
        )
        if job is None:
            return 0
        items = await _next_items(session, job, limit)
        while not items and len(job.folder_ids) > 1:
            # This folder is done: on to the next one, from its start.
            job.folder_ids = job.folder_ids[1:]
            job.after_created_at, job.after_id = None, ""
            items = await _next_items(session, job, limit)
        if not items:
            await session.delete(job)
            log.info("large delete finished", extra={"board_id": job.board_id})
            return 0
        ids = [item.id for item in items]
        await drop_docs(session, ids)
        await remove_for_items(session, ids)
        items_deleted(session, workspace_id=job.workspace_id, board_id=job.board_id, items=items)
        deleter = _deleter(job)
        for item in items:
            item_history.item_deleted(session, item, principal=deleter)
        job.after_created_at, job.after_id = items[-1].created_at, ids[-1]
        return len(items)


class _Deleter(NamedTuple):
    """Who deleted the folder, as the history recorder names a caller."""

    user_id: int
    kind: str
    token_id: int | None
    client_id: int | None


def _deleter(job: ItemPurge) -> _Deleter | None:
    """Who deleted the folder (None: the server itself), for the items' history entries."""
    if job.actor_user_id is None:
        return None
    return _Deleter(job.actor_user_id, job.actor_kind, job.actor_token_id, job.actor_client_id)


async def _next_items(session: AsyncSession, job: ItemPurge, limit: int) -> list[Item]:
    """The job's next items in its current folder, in (created_at, id) order: a range of the
    folder's index, so each batch costs its own size, not the folder's."""
    stmt = select(Item).where(Item.folder_id == job.folder_ids[0], Item.deleted_at == job.deleted_at)
    if job.after_created_at is not None:
        stmt = stmt.where(tuple_(Item.created_at, Item.id) > tuple_(job.after_created_at, job.after_id))
    return list(await session.scalars(stmt.order_by(Item.created_at, Item.id).limit(limit)))


async def run_all(db: Database) -> int:
    """Every queued job to its end (commands and tests; the dispatcher goes batch by batch)."""
    total = 0
    while await pending(db):
        total += await run_batch(db)
    return total
