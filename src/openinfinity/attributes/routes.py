from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from starlette.responses import Response

from openinfinity.attributes import service
from openinfinity.auth.deps import scope_guard
from openinfinity.boards.deps import CurrentBoard
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import ValidationFailed
from openinfinity.core.headers import last_modified
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of
from openinfinity.schema.attributes.schemas import (
    AttributeRead,
    AttributeWrite,
    present_attribute,
    present_deleted,
)

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/attributes",
    tags=["Attributes"],
    dependencies=[Depends(scope_guard("content"))],
)

AttributeId = Annotated[str, Path(description="The ID of the attribute.", max_length=64)]


@router.get("", responses={200: {"model": page_of(AttributeRead)}}, summary="List attributes")
async def list_attributes(session: SessionDep, board: CurrentBoard, page: Pagination) -> Response:
    result = await service.list_attributes(session, board, page)
    return ApiJSONResponse(result.envelope([present_attribute(a) for a in result.rows]))


@router.get("/{attribute_id}", responses={200: {"model": AttributeRead}}, summary="Get attribute")
async def get_attribute(session: SessionDep, board: CurrentBoard, attribute_id: AttributeId) -> Response:
    attribute = await service.get_attribute(session, board.id, attribute_id)
    return ApiJSONResponse(present_attribute(attribute), headers=last_modified(attribute.updated_at))


@router.post(
    "",
    responses={200: {"model": AttributeRead}},
    summary="Create attribute (or update/delete one by id: multi-action)",
)
async def create_attribute(session: SessionDep, board: CurrentBoard, body: AttributeWrite) -> Response:
    if body.id is not None:
        fields = {k: getattr(body, k) for k in body.model_fields_set if k not in ("id", "deleted_at")}
        attribute, outcome = await service.upsert_attribute(
            session, board, attribute_id=body.id, fields=fields, delete=bool(body.deleted_at)
        )
        if outcome == "deleted":
            return ApiJSONResponse(present_deleted(attribute))
        return ApiJSONResponse(present_attribute(attribute))
    if body.deleted_at:
        raise ValidationFailed.required("id")
    attribute = await service.create_attribute(
        session,
        board,
        name=body.name or "",
        type=body.type or "",
        default_data=body.default_data,
        settings=body.settings,
    )
    # The seed answers a created attribute with 200 (boards and folders answer 201).
    return ApiJSONResponse(present_attribute(attribute))


@router.put("/{attribute_id}", responses={200: {"model": AttributeRead}}, summary="Update attribute")
@router.patch("/{attribute_id}", responses={200: {"model": AttributeRead}}, summary="Update attribute")
async def update_attribute(
    session: SessionDep, board: CurrentBoard, attribute_id: AttributeId, body: AttributeWrite
) -> Response:
    attribute = await service.get_attribute(session, board.id, attribute_id)
    given = body.model_fields_set
    changes = service.AttributeChanges(
        **{k: getattr(body, k) for k in ("name", "type", "default_data", "settings") if k in given}
    )
    attribute = await service.update_attribute(session, board, attribute, changes)
    return ApiJSONResponse(present_attribute(attribute))


@router.delete("/{attribute_id}", responses={200: {"model": DeletedRead}}, summary="Delete attribute")
async def delete_attribute(session: SessionDep, board: CurrentBoard, attribute_id: AttributeId) -> Response:
    attribute = await service.get_attribute(session, board.id, attribute_id)
    await service.delete_attribute(session, board, attribute)
    return ApiJSONResponse(present_deleted(attribute))
