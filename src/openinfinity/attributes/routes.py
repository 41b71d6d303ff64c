from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from starlette.responses import Response

from openinfinity.attributes import service
from openinfinity.boards.deps import ContentBoard
from openinfinity.core import multiaction
from openinfinity.core.headers import last_modified
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.schema.attributes.schemas import AttributeRead, AttributeWrite, present_attribute

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/attributes",
    tags=["Attributes"],
)

AttributeId = Annotated[str, Path(description="The ID of the attribute.", max_length=64)]


@router.get("", responses={200: {"model": page_of(AttributeRead)}}, summary="List attributes")
async def list_attributes(ctx: ContentBoard, page: Pagination) -> Response:
    result = await service.list_attributes(ctx.session, ctx.board, page)
    return ApiJSONResponse(result.envelope([present_attribute(a) for a in result.rows]))


@router.get("/{attribute_id}", responses={200: {"model": AttributeRead}}, summary="Get attribute")
async def get_attribute(ctx: ContentBoard, attribute_id: AttributeId) -> Response:
    attribute = await service.get_attribute(ctx.session, ctx.board.id, attribute_id)
    return ApiJSONResponse(present_attribute(attribute), headers=last_modified(attribute.updated_at))


@router.post(
    "",
    responses={200: {"model": AttributeRead}},
    summary="Create attribute (or update/delete one by id: multi-action)",
    description=multiaction.RULE,
)
async def create_attribute(ctx: ContentBoard, body: AttributeWrite) -> Response:
    result = await service.multi_action(ctx.session, ctx.board, body)
    if result.deleted:
        return ApiJSONResponse(present_deleted(result.record.id, "attribute"))
    # The seed answers a created attribute with 200 (boards and folders answer 201).
    return ApiJSONResponse(present_attribute(result.record))


@router.put("/{attribute_id}", responses={200: {"model": AttributeRead}}, summary="Update attribute")
@router.patch("/{attribute_id}", responses={200: {"model": AttributeRead}}, summary="Update attribute")
async def update_attribute(ctx: ContentBoard, attribute_id: AttributeId, body: AttributeWrite) -> Response:
    attribute = await service.get_attribute(ctx.session, ctx.board.id, attribute_id)
    given = body.model_fields_set
    changes = service.AttributeChanges(
        **{k: getattr(body, k) for k in ("name", "type", "default_data", "settings") if k in given}
    )
    attribute = await service.update_attribute(ctx.session, ctx.board, attribute, changes)
    return ApiJSONResponse(present_attribute(attribute))


@router.delete("/{attribute_id}", responses={200: {"model": DeletedRead}}, summary="Delete attribute")
async def delete_attribute(ctx: ContentBoard, attribute_id: AttributeId) -> Response:
    attribute = await service.get_attribute(ctx.session, ctx.board.id, attribute_id)
    await service.delete_attribute(ctx.session, ctx.board, attribute)
    return ApiJSONResponse(present_deleted(attribute.id, "attribute"))
