"""Hooks API: /workspaces/{workspace}/boards/{board_id}/hooks (scope `hooks`)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.hooks import service
from openinfinity.hooks.deps import DeliveryId, HookExpand, HookId, HooksBoard
from openinfinity.hooks.schemas import (
    HookDeliveryRead,
    HookRead,
    HookWrite,
    present_delivery,
    present_hook,
)

# Every route takes `HooksBoard`, the one dependency that authenticates, checks the scope and
# resolves the board (boards/deps.py).
router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/hooks",
    tags=["Hooks"],
)


@router.get("", responses={200: {"model": page_of(HookRead)}}, summary="List hooks")
async def list_hooks(ctx: HooksBoard, page: Pagination, expand: HookExpand) -> Response:
    result = await service.list_own(ctx.session, ctx.board, page)
    if "logs" in expand:
        logs = await service.recent_logs(ctx.session, result.rows)
        return ApiJSONResponse(result.envelope([present_hook(h, logs=logs[h.id]) for h in result.rows]))
    return ApiJSONResponse(result.envelope([present_hook(h) for h in result.rows]))


@router.post("", status_code=201, responses={201: {"model": HookRead}}, summary="Create hook")
async def create_hook(ctx: HooksBoard, body: HookWrite) -> Response:
    hook = await service.create(ctx.session, ctx.board, ctx.state.settings, body)
    return ApiJSONResponse(present_hook(hook), status_code=201)


@router.get("/{hook_id}", responses={200: {"model": HookRead}}, summary="Get hook")
async def get_hook(ctx: HooksBoard, hook_id: HookId, expand: HookExpand) -> Response:
    hook = await service.get_own(ctx.session, ctx.board, hook_id)
    logs = (await service.recent_logs(ctx.session, [hook]))[hook.id] if "logs" in expand else None
    return ApiJSONResponse(present_hook(hook, logs=logs))


@router.put("/{hook_id}", responses={200: {"model": HookRead}}, summary="Update hook")
@router.patch("/{hook_id}", responses={200: {"model": HookRead}}, summary="Update hook")
async def update_hook(ctx: HooksBoard, hook_id: HookId, body: HookWrite) -> Response:
    hook = await service.update(ctx.session, ctx.board, ctx.state.settings, hook_id, body)
    return ApiJSONResponse(present_hook(hook))


@router.delete("/{hook_id}", responses={200: {"model": DeletedRead}}, summary="Delete hook")
async def delete_hook(ctx: HooksBoard, hook_id: HookId) -> Response:
    hook = await service.remove(ctx.session, ctx.board, hook_id)
    return ApiJSONResponse(present_deleted(hook.id, "hook"))


@router.get(
    "/{hook_id}/deliveries",
    responses={200: {"model": page_of(HookDeliveryRead)}},
    summary="List a hook's deliveries with every attempt",
)
async def list_deliveries(ctx: HooksBoard, hook_id: HookId, page: Pagination) -> Response:
    result, attempts = await service.list_deliveries(ctx.session, ctx.board, hook_id, page)
    return ApiJSONResponse(result.envelope([present_delivery(d, attempts[d.id]) for d in result.rows]))


@router.post(
    "/{hook_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    responses={202: {"model": HookDeliveryRead}},
    summary="Send a past delivery again",
)
async def redeliver(ctx: HooksBoard, hook_id: HookId, delivery_id: DeliveryId) -> Response:
    delivery = await service.redeliver(ctx.session, ctx.board, hook_id, delivery_id)
    return ApiJSONResponse(present_delivery(delivery, []), status_code=202)


@router.post(
    "/{hook_id}/test",
    status_code=202,
    responses={202: {"model": HookDeliveryRead}},
    summary="Send a hook.test event",
)
async def test_hook(ctx: HooksBoard, hook_id: HookId) -> Response:
    delivery = await service.send_test(ctx.session, ctx.board, hook_id)
    return ApiJSONResponse(present_delivery(delivery, []), status_code=202)
