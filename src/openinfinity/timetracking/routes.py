"""`/api/v2/workspaces/{workspace}/boards/{board_id}/time-tracking` (hosted API 2026-04-20).
The collection has no list: GET on it answers 405, as the hosted API does."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from starlette.responses import Response

from openinfinity.boards.deps import ContentBoard
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, present_deleted
from openinfinity.timetracking import service
from openinfinity.timetracking.schemas import (
    TimeEntryCreate,
    TimeEntryRead,
    TimeEntryUpdate,
    present_time_entry,
)

# Every route takes `ContentBoard`, the one dependency that authenticates, checks the scope and
# resolves the board (boards/deps.py).
router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/time-tracking",
    tags=["Time tracking"],
)

EntryId = Annotated[str, Path(description="The ID of the time entry.", max_length=64)]


@router.post("", status_code=201, responses={201: {"model": TimeEntryRead}}, summary="Start a time entry")
async def create_time_entry(ctx: ContentBoard, body: TimeEntryCreate) -> Response:
    entry = await service.start(ctx.session, ctx.board, body)
    return ApiJSONResponse(present_time_entry(entry), status_code=201)


@router.get("/{entry_id}", responses={200: {"model": TimeEntryRead}}, summary="Get a time entry")
async def get_time_entry(ctx: ContentBoard, entry_id: EntryId) -> Response:
    return ApiJSONResponse(present_time_entry(await service.get_entry(ctx.session, ctx.board, entry_id)))


@router.put("/{entry_id}", responses={200: {"model": TimeEntryRead}}, summary="End or edit a time entry")
async def update_time_entry(ctx: ContentBoard, entry_id: EntryId, body: TimeEntryUpdate) -> Response:
    return ApiJSONResponse(present_time_entry(await service.update(ctx.session, ctx.board, entry_id, body)))


@router.delete("/{entry_id}", responses={200: {"model": DeletedRead}}, summary="Delete a time entry")
async def delete_time_entry(ctx: ContentBoard, entry_id: EntryId) -> Response:
    entry = await service.delete(ctx.session, ctx.board, entry_id)
    return ApiJSONResponse(present_deleted(entry.id, "time_entry"))
