"""Hooks API: /workspaces/{workspace}/boards/{board_id}/hooks (scope `hooks`)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.responses import Response

from openinfinity.auth.deps import scope_guard
from openinfinity.boards.deps import CurrentBoard
from openinfinity.core.db import SessionDep
from openinfinity.core.pagination import Pagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.hooks import service
from openinfinity.hooks.deps import AppSettings, DeliveryId, HookExpand, HookId
from openinfinity.hooks.schemas import (
    HookDeliveryRead,
    HookRead,
    HookWrite,
    present_delivery,
    present_hook,
)

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards/{board_id}/hooks",
    tags=["Hooks"],
    dependencies=[Depends(scope_guard("hooks"))],
)


@router.get("", responses={200: {"model": page_of(HookRead)}}, summary="List hooks")
async def list_hooks(
    session: SessionDep, board: CurrentBoard, page: Pagination, expand: HookExpand
) -> Response:
    result = await service.list_own(session, board, page)
    if "logs" in expand:
        logs = await service.recent_logs(session, result.rows)
        return ApiJSONResponse(result.envelope([present_hook(h, logs=logs[h.id]) for h in result.rows]))
    return ApiJSONResponse(result.envelope([present_hook(h) for h in result.rows]))


@router.post("", status_code=201, responses={201: {"model": HookRead}}, summary="Create hook")
async def create_hook(
    session: SessionDep, board: CurrentBoard, settings: AppSettings, body: HookWrite
) -> Response:
    hook = await service.create(session, board, settings, body)
    return ApiJSONResponse(present_hook(hook), status_code=201)


@router.get("/{hook_id}", responses={200: {"model": HookRead}}, summary="Get hook")
async def get_hook(session: SessionDep, board: CurrentBoard, hook_id: HookId, expand: HookExpand) -> Response:
    hook = await service.get_own(session, board, hook_id)
    logs = (await service.recent_logs(session, [hook]))[hook.id] if "logs" in expand else None
    return ApiJSONResponse(present_hook(hook, logs=logs))


@router.put("/{hook_id}", responses={200: {"model": HookRead}}, summary="Update hook")
@router.patch("/{hook_id}", responses={200: {"model": HookRead}}, summary="Update hook")
async def update_hook(
    session: SessionDep, board: CurrentBoard, settings: AppSettings, hook_id: HookId, body: HookWrite
) -> Response:
    hook = await service.update(session, board, settings, hook_id, body)
    return ApiJSONResponse(present_hook(hook))


@router.delete("/{hook_id}", responses={200: {"model": DeletedRead}}, summary="Delete hook")
async def delete_hook(session: SessionDep, board: CurrentBoard, hook_id: HookId) -> Response:
    hook = await service.remove(session, board, hook_id)
    return ApiJSONResponse(present_deleted(hook.id, "hook"))


@router.get(
    "/{hook_id}/deliveries",
    responses={200: {"model": page_of(HookDeliveryRead)}},
    summary="List a hook's deliveries with every attempt",
)
async def list_deliveries(
    session: SessionDep, board: CurrentBoard, hook_id: HookId, page: Pagination
) -> Response:
    result, attempts = await service.list_deliveries(session, board, hook_id, page)
    return ApiJSONResponse(result.envelope([present_delivery(d, attempts[d.id]) for d in result.rows]))


@router.post(
    "/{hook_id}/deliveries/{delivery_id}/redeliver",
    status_code=202,
    responses={202: {"model": HookDeliveryRead}},
    summary="Send a past delivery again",
)
async def redeliver(
    session: SessionDep, board: CurrentBoard, hook_id: HookId, delivery_id: DeliveryId
) -> Response:
    delivery = await service.redeliver(session, board, hook_id, delivery_id)
    return ApiJSONResponse(present_delivery(delivery, []), status_code=202)


@router.post(
    "/{hook_id}/test",
    status_code=202,
    responses={202: {"model": HookDeliveryRead}},
    summary="Send a hook.test event",
)
async def test_hook(session: SessionDep, board: CurrentBoard, hook_id: HookId) -> Response:
    delivery = await service.send_test(session, board, hook_id)
    return ApiJSONResponse(present_delivery(delivery, []), status_code=202)
