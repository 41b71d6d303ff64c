from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from starlette.responses import Response

from openinfinity.boards.deps import ContentBoard
from openinfinity.core import multiaction
from openinfinity.core.headers import last_modified
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.folders import service
from openinfinity.schema.folders.schemas import FolderRead, FolderWrite, present_folder

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/folders",
    tags=["Folders"],
)

FolderId = Annotated[str, Path(description="The ID of the folder.", max_length=64)]
_FIELDS = ("name", "color", "parent_id", "attribute_ids", "sort_order", "settings")


@router.get("", responses={200: {"model": page_of(FolderRead)}}, summary="List folders")
async def list_folders(ctx: ContentBoard, page: Pagination) -> Response:
    result = await service.list_folders(ctx.session, ctx.board, page)
    return ApiJSONResponse(result.envelope([present_folder(f) for f in result.rows]))


@router.get("/{folder_id}", responses={200: {"model": FolderRead}}, summary="Get folder")
async def get_folder(ctx: ContentBoard, folder_id: FolderId) -> Response:
    folder = await service.get_folder(ctx.session, ctx.board.id, folder_id)
    return ApiJSONResponse(present_folder(folder), headers=last_modified(folder.updated_at))


@router.post(
    "",
    status_code=201,
    responses={201: {"model": FolderRead}, 200: {"model": FolderRead}},
    summary="Create folder (or update/delete one by id: multi-action)",
    description=multiaction.RULE,
)
async def create_folder(ctx: ContentBoard, body: FolderWrite) -> Response:
    result = await service.multi_action(ctx.session, ctx.board, body)
    if result.deleted:
        return ApiJSONResponse(present_deleted(result.record.id, "folder"))
    return ApiJSONResponse(present_folder(result.record), status_code=201 if result.created else 200)


@router.put("/{folder_id}", responses={200: {"model": FolderRead}}, summary="Update folder")
@router.patch("/{folder_id}", responses={200: {"model": FolderRead}}, summary="Update folder")
async def update_folder(ctx: ContentBoard, folder_id: FolderId, body: FolderWrite) -> Response:
    folder = await service.get_folder(ctx.session, ctx.board.id, folder_id)
    changes = service.FolderChanges(**{k: getattr(body, k) for k in _FIELDS if k in body.model_fields_set})
    folder = await service.update_folder(ctx.session, ctx.board, folder, changes)
    return ApiJSONResponse(present_folder(folder))


@router.delete("/{folder_id}", responses={200: {"model": DeletedRead}}, summary="Delete folder")
async def delete_folder(ctx: ContentBoard, folder_id: FolderId) -> Response:
    folder = await service.get_folder(ctx.session, ctx.board.id, folder_id)
    return ApiJSONResponse(
        present_deleted((await service.delete_folder(ctx.session, ctx.board, folder)).id, "folder")
    )
