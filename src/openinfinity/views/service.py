"""Folder views: list, get, create, update (PUT replaces, PATCH merges settings), delete, and the
collection's multi-action POST. Anyone who sees the board may manage its views."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import multiaction
from openinfinity.core.errors import NotFound, ValidationFailed, merge_validation
from openinfinity.core.ids import is_uuid
from openinfinity.core.models import utcnow
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live, soft_delete
from openinfinity.items import rows as item_rows
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.folders.models import Folder
from openinfinity.views.models import FolderView
from openinfinity.views.schemas import VIEW_TYPES, ViewWrite
from openinfinity.views.settings import validate_settings

SORT_STEP = 65536.0


async def board_attributes(session: AsyncSession, board: BoardContext) -> dict[str, Attribute]:
    """The board's live attributes, read once per request as rows (items/rows.py) and shared with
    the items presenter; view settings and filters read their columns only."""
    return cast(dict[str, Attribute], await item_rows.board_attributes(session, board.id))


def _live_folder() -> Any:
    return select(Folder.id).where(live(Folder)).scalar_subquery()


async def list_views(
    session: AsyncSession, board: BoardContext, params: PageParams, *, folder_id: str | None = None
) -> Page[FolderView]:
    stmt = select(FolderView).where(
        FolderView.board_id == board.id,
        live(FolderView),
        FolderView.folder_id.in_(_live_folder()),
    )
    if folder_id:
        stmt = stmt.where(FolderView.folder_id == folder_id)
    return await paginate(
        session, stmt, params, id_column=FolderView.id, created_column=FolderView.created_at
    )


async def find_view(session: AsyncSession, board: BoardContext, view_id: str) -> FolderView | None:
    """The live view of a live folder of this board, or None."""
    return await session.scalar(
        select(FolderView).where(
            FolderView.id == view_id,
            FolderView.board_id == board.id,
            live(FolderView),
            FolderView.folder_id.in_(_live_folder()),
        )
    )


async def get_view(session: AsyncSession, board: BoardContext, view_id: str) -> FolderView:
    view = await find_view(session, board, view_id)
    if view is None:
        raise NotFound.of("View")
    return view


async def _check(
    session: AsyncSession,
    board: BoardContext,
    body: ViewWrite,
    fields: set[str],
    *,
    require: tuple[str, ...],
) -> dict[str, Any]:
    """Validate the fields present in the body; returns the values to store."""
    errors: list[ValidationFailed] = []
    out: dict[str, Any] = {}
    for name in require:
        if getattr(body, name) in (None, ""):
            errors.append(ValidationFailed.required(name))
    if "type" in fields and body.type not in (None, ""):
        if body.type not in VIEW_TYPES:
            errors.append(ValidationFailed({"type": ["The selected type is invalid."]}))
        out["type"] = body.type
    if "folder_id" in fields and body.folder_id not in (None, ""):
        folder = await session.scalar(
            select(Folder).where(Folder.id == body.folder_id, Folder.board_id == board.id, live(Folder))
        )
        if folder is None:
            errors.append(ValidationFailed({"folder_id": ["The selected folder id is invalid."]}))
        out["folder_id"] = body.folder_id
    if "name" in fields and body.name is not None:
        if not body.name.strip():
            errors.append(ValidationFailed.field("name", "must not be blank."))
        out["name"] = body.name.strip()
    if "sort_order" in fields and body.sort_order is not None:
        out["sort_order"] = body.sort_order
    if "settings" in fields:
        try:
            out["settings"] = validate_settings(body.settings, await board_attributes(session, board))
        except ValidationFailed as exc:
            errors.append(exc)
    if errors:
        raise merge_validation(errors)
    return out


async def create(
    session: AsyncSession, board: BoardContext, body: ViewWrite, *, view_id: str | None = None
) -> FolderView:
    values = await _check(session, board, body, body.model_fields_set, require=("type", "folder_id"))
    if "sort_order" not in values:
        last = await session.scalar(
            select(func.max(FolderView.sort_order)).where(
                FolderView.folder_id == values["folder_id"], live(FolderView)
            )
        )
        values["sort_order"] = (last or 0.0) + SORT_STEP
    view = FolderView(
        board_id=board.id,
        folder_id=values["folder_id"],
        type=values["type"],
        name=values.get("name") or values["type"].capitalize(),
        sort_order=values["sort_order"],
        settings=values.get("settings", {}),
        created_by=board.user_id,
    )
    if view_id is not None:
        view.id = view_id
    session.add(view)
    await session.flush()
    return view


async def update(
    session: AsyncSession, board: BoardContext, view: FolderView, body: ViewWrite, *, replace: bool
) -> FolderView:
    """PUT (`replace`): type is required and `settings` replaces the stored settings.
    PATCH: only the fields sent change; `settings` keys are merged into the stored ones."""
    fields = set(body.model_fields_set) - {"id", "deleted_at"}
    if not replace and "settings" in fields and isinstance(body.settings, dict):
        body = body.model_copy(update={"settings": {**(view.settings or {}), **body.settings}})
    values = await _check(session, board, body, fields, require=("type",) if replace else ())
    for name, value in values.items():
        setattr(view, name, value)
    view.updated_at = utcnow()
    await session.flush()
    return view


async def delete(session: AsyncSession, view: FolderView) -> FolderView:
    soft_delete(view)
    await session.flush()
    return view


async def _check_new_id(session: AsyncSession, view_id: str) -> None:
    if not is_uuid(view_id):
        raise ValidationFailed.field("id", "must be a valid UUID.")
    if await session.get(FolderView, view_id) is not None:
        raise ValidationFailed({"id": ["The id has already been taken."]})


async def multi_action(
    session: AsyncSession, board: BoardContext, body: ViewWrite
) -> multiaction.Outcome[FolderView]:
    """The multi-action POST (core/multiaction.py has the rule); an update is a PATCH."""

    async def find(view_id: str) -> FolderView | None:
        return await find_view(session, board, view_id)

    async def create_one(view_id: str | None) -> FolderView:
        if view_id is not None:
            await _check_new_id(session, view_id)
        return await create(session, board, body, view_id=view_id)

    async def patch(view: FolderView) -> FolderView:
        return await update(session, board, view, body, replace=False)

    async def remove(view: FolderView) -> FolderView:
        return await delete(session, view)

    return await multiaction.run(
        record_id=body.id,
        deleted_at=body.deleted_at,
        what="View",
        find=find,
        create=create_one,
        update=patch,
        delete=remove,
    )
