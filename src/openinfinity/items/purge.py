"""Large deletes: the items disappear at once, the rest is done in the background in small batches.

Deleting a folder used to do everything in the request's transaction: for 100,000 items that held
SQLite's write lock for 49.6 s, and every writer of every board waited that long. Now:

1. The request soft-deletes the folders and, with one set-based UPDATE, their items (reads skip
   deleted items at once), and records an `ItemPurge` job, in its transaction (items/deletion.py,
   which also deletes their sub-items in other folders at once).
2. The dispatcher (in `serve`, or `openinfinity worker`) runs `run_batch` between its rounds:
   each batch is its own short transaction over `BATCH` items in the folder's index order, and
   does for them what a single delete does (`deletion.finish_deleted`): their history, outbox
   events (item.updated with `deleted_at`, then item.deleted), search documents and the
   references from and to them. Other writers get the lock between batches.
3. The job remembers the folder and the last item done in the batch's transaction, so a restart
   resumes where it stopped: durable, and every item is handled exactly once.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.db import Database
from openinfinity.items.deletion import finish_deleted
from openinfinity.items.models import Item, ItemPurge

log = logging.getLogger(__name__)

BATCH = 200  # items per background transaction: about 40 ms of lock on SQLite (bench/large_delete.py)


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
        await finish_deleted(
            session, workspace_id=job.workspace_id, board_id=job.board_id, items=items, deleter=_deleter(job)
        )
        job.after_created_at, job.after_id = items[-1].created_at, items[-1].id
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
