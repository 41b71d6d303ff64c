from __future__ import annotations

import hmac

from fastapi import APIRouter, Request
from sqlalchemy import func, select
from starlette.responses import Response

from openinfinity.appstate import app_state
from openinfinity.core import metrics
from openinfinity.core.errors import NotFound, Unauthenticated
from openinfinity.core.events import OutboxEvent
from openinfinity.hooks.models import OPEN_STATES, HookDelivery

router = APIRouter(tags=["Health"], include_in_schema=False)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _allowed(request: Request) -> None:
    settings = app_state(request).settings
    if settings.metrics == "off":
        raise NotFound()
    if settings.metrics == "token":
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        expected = settings.metrics_token or ""
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
            raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})


@router.get("/metrics")
async def exposition(request: Request) -> Response:
    _allowed(request)
    db = app_state(request).db
    async with db.transaction(write=False) as session:
        backlog = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.dispatched_at.is_(None))
        )
        open_deliveries = await session.scalar(
            select(func.count()).select_from(HookDelivery).where(HookDelivery.status.in_(OPEN_STATES))
        )
    metrics.OUTBOX_BACKLOG.set(backlog or 0)
    metrics.DELIVERIES_OPEN.set(open_deliveries or 0)
    return Response(metrics.exposition(), media_type=CONTENT_TYPE)
