"""Deleting items: the one routine behind deleting an item and deleting folders.

What a delete hides: the items asked for, the items of the folders asked for, and every live
sub-item below any of them at any depth, in whatever folder it lives. A sub-item whose parent is
gone would otherwise stay visible as an orphan that no list shows under anything
(docs/guide/concepts.md, "Deleting items and folders"). All of them are soft-deleted by
set-based statements in the request's transaction, so readers see none of them once it commits.

Each hidden item then gets the same side effects: an `item.deleted` history entry, its search
document dropped, its references removed (mirrors rewritten) and the item.updated + item.deleted
event pair. Who does that work:
- for the items of deleted folders, the background purge (items/purge.py), batch by batch: a
  folder may hold 100,000 items, far too many for one request's write lock;
- for the others (the items asked for and the sub-items outside the deleted folders, bounded by
  the item trees), this transaction, with one statement per set, not per item.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import history as recorder
from openinfinity.core.inlist import in_values
from openinfinity.core.models import utcnow
from openinfinity.core.softdelete import live
from openinfinity.items import history
from openinfinity.items.events import items_deleted
from openinfinity.items.mirrors import remove_for_items
from openinfinity.items.models import Item, ItemPurge
from openinfinity.items.search import dialect_of, drop_docs


async def delete_items(
    session: AsyncSession,
    board: BoardContext,
    *,
    item_ids: Sequence[str] = (),
    folder_ids: Sequence[str] = (),
) -> list[Item]:
    """Soft-delete the live items `item_ids` of `board`, the items of `folder_ids` (folders of
    the board, soft-deleted by the caller) and the sub-items of all of them; the items handled in
    this transaction (those asked for first), the folders' own items being queued for the purge."""
    now = utcnow()
    if folder_ids:
        await _hide_folder_items(session, board, folder_ids, now)
    hidden = await _hide_trees(session, board, item_ids, folder_ids, now)
    first = {item_id: n for n, item_id in enumerate(item_ids)}
    hidden.sort(key=lambda item: (first.get(item.id, len(first)), item.created_at, item.id))
    await finish_deleted(
        session,
        workspace_id=board.workspace.id,
        board_id=board.id,
        items=hidden,
        deleter=board.workspace.principal,
    )
    return hidden


async def finish_deleted(
    session: AsyncSession,
    *,
    workspace_id: int,
    board_id: str,
    items: list[Item],
    deleter: recorder.Caller | None,
) -> None:
    """The side effects of deleting `items` (soft-deleted already), for a delete and for the
    background purge alike."""
    if not items:
        return
    ids = [item.id for item in items]
    await drop_docs(session, ids)
    await remove_for_items(session, ids, principal=deleter)
    items_deleted(session, workspace_id=workspace_id, board_id=board_id, items=items)
    for item in items:
        history.item_deleted(session, item, principal=deleter)


async def _hide_folder_items(
    session: AsyncSession, board: BoardContext, folder_ids: Sequence[str], now: datetime
) -> None:
    """Soft-delete the live items of the folders (one statement) and queue their purge job."""
    await session.execute(
        update(Item)
        .where(in_values(dialect_of(session), Item.folder_id, folder_ids), live(Item))
        .values(deleted_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    actor = recorder.actor_of(session, board.workspace.principal)
    session.add(
        ItemPurge(
            workspace_id=board.workspace.id,
            board_id=board.id,
            folder_ids=list(folder_ids),
            deleted_at=now,
            **actor.columns(),
        )
    )
    await session.flush()


async def _hide_trees(
    session: AsyncSession,
    board: BoardContext,
    item_ids: Sequence[str],
    folder_ids: Sequence[str],
    now: datetime,
) -> list[Item]:
    """Soft-delete the live items `item_ids` and the live sub-items below them and below the
    folders' items (just hidden at `now`), in one statement: a recursive walk down `parent_id`.
    UNION (not UNION ALL) ends the walk on a corrupted, cyclic chain."""
    dialect = dialect_of(session)
    roots = []
    if item_ids:
        roots.append(
            select(Item.id).where(
                in_values(dialect, Item.id, item_ids), Item.board_id == board.id, live(Item)
            )
        )
    if folder_ids:
        roots.append(
            select(Item.id).where(in_values(dialect, Item.folder_id, folder_ids), Item.deleted_at == now)
        )
    if not roots:
        return []
    anchor = roots[0] if len(roots) == 1 else union(*roots)
    tree = anchor.cte("tree", recursive=True)
    below = select(Item.id).join(tree, Item.parent_id == tree.c.id).where(live(Item))
    tree = tree.union(below)
    result = await session.scalars(
        update(Item)
        .where(Item.id.in_(select(tree.c.id)), live(Item))
        .values(deleted_at=now, updated_at=now)
        .returning(Item)
        .execution_options(synchronize_session="fetch", populate_existing=True)
    )
    return list(result.all())
