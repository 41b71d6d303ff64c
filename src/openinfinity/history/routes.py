"""`GET .../items/{item_id}/history` and `GET /api/v2/workspaces/{workspace}/audit`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import Response

from openinfinity.auth.deps import scope_guard
from openinfinity.boards.deps import ContentBoard
from openinfinity.core.db import SessionDep
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import page_of
from openinfinity.history import service
from openinfinity.history.schemas import (
    AuditEntryRead,
    ItemChangeRead,
    present_audit_entry,
    present_item_change,
)
from openinfinity.workspaces.deps import CurrentWorkspace

# Its route takes `ContentBoard`, the one dependency that authenticates, checks the scope and
# resolves the board (boards/deps.py).
router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/items/{item_id}/history", tags=["History"]
)
audit_router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/audit",
    tags=["History"],
    dependencies=[Depends(scope_guard("members"))],
)

ItemId = Annotated[str, Path(description="The ID of the item.", max_length=64)]
AttributeFilter = Annotated[
    str | None, Query(max_length=64, description="Only the changes of this attribute's value.")
]
ItemActionFilter = Annotated[
    str | None, Query(max_length=32, description="Only this action, e.g. `value.updated` or `item.deleted`.")
]
ActionFilter = Annotated[
    str | None,
    Query(
        max_length=64,
        description="Only this action (e.g. `member.role_changed`), or every action of a kind when "
        "it ends with a dot (`member.`).",
    ),
]


@router.get("", responses={200: {"model": page_of(ItemChangeRead)}}, summary="List item history")
async def list_item_history(
    ctx: ContentBoard,
    item_id: ItemId,
    page: Pagination,
    attribute_id: AttributeFilter = None,
    action: ItemActionFilter = None,
) -> Response:
    await service.require_item_of_board(ctx.session, ctx.board.id, item_id)
    result = await service.list_item_history(
        ctx.session,
        board_id=ctx.board.id,
        item_id=item_id,
        params=page,
        attribute_id=attribute_id,
        action=action,
    )
    return ApiJSONResponse(result.envelope([present_item_change(row) for row in result.rows]))


@audit_router.get("", responses={200: {"model": page_of(AuditEntryRead)}}, summary="List audit log")
async def list_audit_log(
    session: SessionDep, workspace: CurrentWorkspace, page: Pagination, action: ActionFilter = None
) -> Response:
    service.require_auditor(workspace)
    result = await service.list_audit(session, workspace.id, page, action=action)
    return ApiJSONResponse(result.envelope([present_audit_entry(row) for row in result.rows]))
