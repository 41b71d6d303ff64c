"""Folders of a board: list, get, create, update, cascade soft delete, multi-action upsert.

`parent_id` is the board id for a top-level folder or a folder of the same board (no cycles).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.boards.sort_order import next_after, parse_sort_order
from openinfinity.core import multiaction
from openinfinity.core.errors import NotFound, ValidationFailed
from openinfinity.core.inlist import in_values
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live
from openinfinity.items.deletion import delete_items
from openinfinity.items.search import dialect_of
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.folders.models import Folder
from openinfinity.schema.folders.schemas import FolderWrite

_UNSET: Any = object()
# Client-chosen folder ids follow the hosted style ("APwqfkShQuR").
_FOLDER_ID = re.compile(r"[A-Za-z0-9]{1,11}")
MAX_SETTINGS_BYTES = 64_000


async def list_folders(session: AsyncSession, board: BoardContext, params: PageParams) -> Page[Folder]:
    stmt = select(Folder).where(Folder.board_id == board.id, live(Folder))
    return await paginate(session, stmt, params, id_column=Folder.id, created_column=Folder.created_at)


async def get_folder(session: AsyncSession, board_id: str, folder_id: str) -> Folder:
    """A live folder of the board; 404 when missing or deleted."""
    folder = await session.scalar(
        select(Folder).where(Folder.id == folder_id, Folder.board_id == board_id, live(Folder))
    )
    if folder is None:
        raise NotFound.of("Folder")
    return folder


def _name(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationFailed.required("name")
    # Kept as sent: the seed's own folder is called "Restaurants " (trailing space).
    return raw


def _settings(raw: Any) -> dict[str, Any]:
    if raw is None or raw == []:
        return {}
    if not isinstance(raw, dict):
        raise ValidationFailed.field("settings", "must be an object.")
    if len(json.dumps(raw, default=str)) > MAX_SETTINGS_BYTES:
        raise ValidationFailed.field("settings", f"must not be larger than {MAX_SETTINGS_BYTES} bytes.")
    return raw


async def _attribute_ids(session: AsyncSession, board: BoardContext, raw: Iterable[Any]) -> list[str]:
    ids = list(raw)
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for i, attribute_id in enumerate(ids):
        if not isinstance(attribute_id, str) or attribute_id in seen:
            errors[f"attribute_ids.{i}"] = [f"The attribute_ids.{i} field has a duplicate value."]
        seen.add(str(attribute_id))
    known = set(
        (
            await session.scalars(
                select(Attribute.id).where(
                    Attribute.board_id == board.id,
                    live(Attribute),
                    Attribute.id.in_(list(seen)),
                )
            )
        ).all()
    )
    for i, attribute_id in enumerate(ids):
        if attribute_id not in known:
            errors.setdefault(f"attribute_ids.{i}", [f"The selected attribute_ids.{i} is invalid."])
    if errors:
        raise ValidationFailed(errors)
    return ids


async def _parent(
    session: AsyncSession, board: BoardContext, raw: Any, folder_id: str | None = None
) -> str | None:
    """The parent folder id for `raw` (None for the board itself); 422 for anything else,
    including a folder below `folder_id` (a cycle)."""
    if raw is None or raw == board.id:
        return None
    parent = await session.scalar(
        select(Folder).where(Folder.id == raw, Folder.board_id == board.id, live(Folder))
    )
    if parent is None:
        raise ValidationFailed({"parent_id": ["The selected parent id is invalid."]})
    if folder_id is not None:
        cursor: Folder | None = parent
        # Walk up from the new parent: meeting the folder itself means a cycle.
        for _ in range(10_000):
            if cursor is None:
                break
            if cursor.id == folder_id:
                raise ValidationFailed.field(
                    "parent_id", "must not be the folder itself or one of its sub-folders."
                )
            if cursor.parent_folder_id is None:
                break
            cursor = await session.get(Folder, cursor.parent_folder_id)
    return parent.id


async def _next_sort_order(session: AsyncSession, board_id: str) -> float:
    current = await session.scalar(
        select(func.max(Folder.sort_order)).where(Folder.board_id == board_id, live(Folder))
    )
    return next_after(current)


async def create_folder(
    session: AsyncSession,
    board: BoardContext,
    *,
    name: str,
    parent_id: str | None = None,
    attribute_ids: Iterable[str] = (),
    color: str | None = None,
    settings: dict[str, Any] | list[Any] | None = None,
    sort_order: Any = None,
    folder_id: str | None = None,
) -> Folder:
    clean_name = _name(name)
    if folder_id is not None:
        if not _FOLDER_ID.fullmatch(folder_id):
            raise ValidationFailed.field("id", "must be 1 to 11 letters or digits.")
        if await session.get(Folder, folder_id) is not None:
            raise ValidationFailed({"id": ["The id has already been taken."]})
    folder = Folder(
        board_id=board.id,
        name=clean_name,
        color=color,
        settings=_settings(settings),
        attribute_ids=await _attribute_ids(session, board, attribute_ids),
        parent_folder_id=await _parent(session, board, parent_id),
        sort_order=(
            await _next_sort_order(session, board.id) if sort_order is None else parse_sort_order(sort_order)
        ),
        created_by=board.user_id,
    )
    if folder_id is not None:
        folder.id = folder_id
    session.add(folder)
    await session.flush()
    return folder


@dataclass(slots=True)
class FolderChanges:
    name: Any = _UNSET
    color: Any = _UNSET
    parent_id: Any = _UNSET
    attribute_ids: Any = _UNSET
    sort_order: Any = _UNSET
    settings: Any = _UNSET


async def update_folder(
    session: AsyncSession, board: BoardContext, folder: Folder, changes: FolderChanges
) -> Folder:
    """Change the fields sent (validated first: a 422 changes nothing)."""
    name = folder.name if changes.name in (_UNSET, None) else _name(changes.name)
    parent = folder.parent_folder_id
    if changes.parent_id is not _UNSET:
        parent = await _parent(session, board, changes.parent_id, folder.id)
    ids = folder.attribute_ids
    if changes.attribute_ids not in (_UNSET, None):
        ids = await _attribute_ids(session, board, changes.attribute_ids)
    order = (
        folder.sort_order if changes.sort_order in (_UNSET, None) else parse_sort_order(changes.sort_order)
    )
    settings = folder.settings if changes.settings is _UNSET else _settings(changes.settings)
    folder.name = name
    folder.parent_folder_id = parent
    folder.attribute_ids = list(ids or [])
    folder.sort_order = order
    folder.settings = settings
    if changes.color is not _UNSET:
        folder.color = changes.color
    folder.updated_at = utcnow()
    await session.flush()
    return folder


async def delete_folder(session: AsyncSession, board: BoardContext, folder: Folder) -> Folder:
    """Soft-delete the folder, its sub-folders at every depth and their items (with the items'
    sub-items elsewhere): the items service's one delete routine (items/deletion.py). Every path
    that deletes a folder comes here."""
    now = utcnow()
    doomed = [folder.id]
    frontier = [folder.id]
    while frontier:
        children = list(
            (
                await session.scalars(
                    select(Folder.id).where(
                        Folder.board_id == board.id,
                        Folder.parent_folder_id.in_(frontier),
                        live(Folder),
                    )
                )
            ).all()
        )
        frontier = [c for c in children if c not in doomed]
        doomed.extend(frontier)
    await session.execute(
        update(Folder)
        .where(in_values(dialect_of(session), Folder.id, doomed), live(Folder))
        .values(deleted_at=now)
        .execution_options(synchronize_session=False)
    )
    folder.deleted_at = now
    await session.flush()
    await delete_items(session, board, folder_ids=doomed)
    return folder


async def multi_action(
    session: AsyncSession,
    board: BoardContext,
    body: FolderWrite,
) -> multiaction.Outcome[Folder]:
    """The multi-action POST (core/multiaction.py has the rule); a delete goes through
    delete_folder, which also deletes the items of the folder and its sub-folders."""
    given = body.model_fields_set

    async def find(folder_id: str) -> Folder | None:
        return await session.scalar(
            select(Folder).where(Folder.id == folder_id, Folder.board_id == board.id, live(Folder))
        )

    async def create(folder_id: str | None) -> Folder:
        return await create_folder(
            session,
            board,
            name=body.name or "",
            parent_id=body.parent_id,
            attribute_ids=body.attribute_ids or (),
            color=body.color,
            settings=body.settings,
            sort_order=body.sort_order,
            folder_id=folder_id,
        )

    async def update(folder: Folder) -> Folder:
        changes = FolderChanges(**{k: getattr(body, k) for k in given if k in FolderChanges.__slots__})
        return await update_folder(session, board, folder, changes)

    return await multiaction.run(
        record_id=body.id,
        deleted_at=body.deleted_at,
        what="Folder",
        find=find,
        create=create,
        update=update,
        delete=functools.partial(delete_folder, session, board),
    )
