"""`GET /api/v2/workspaces/{workspace}/boards/{board_id}/changes`: the board's change feed."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query
from starlette.responses import Response

from openinfinity.boards.deps import ContentBoard
from openinfinity.changes import access, service
from openinfinity.changes.hub import Hub, Subscription
from openinfinity.changes.schemas import ChangesRead, present_page
from openinfinity.changes.stream import ChangeStream
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import ErrorRead

router = APIRouter(
    prefix="/api/v2/workspaces/{workspace}/boards",
    tags=["Changes"],
)

DESCRIPTION = """Every change of the board, in order, as it is committed: the events and payloads
webhooks deliver (`item.created`, `item.updated`, `item.finalized`, `item.deleted`,
`value.created`, `value.updated`, `comment.created`, `comment.updated`).

With `Accept: text/event-stream` (what EventSource sends) the answer is a Server-Sent Events
stream: `event: ready` first (its `id` is the starting cursor), then one event per change, each
`id: <cursor>`, `event: <name>`, `data: {"event", "payload"}`, with `: ping` comments every
15 s. Reconnecting with `Last-Event-ID` (EventSource does it itself) or `?after=<cursor>` sends
every change since, nothing twice. A stream the server ends gets `event: closed` with a reason.

Otherwise the answer is one JSON page of the changes after `after` (none: the current cursor),
for clients that poll. A cursor older than the history kept (at least 24 hours) or unknown
answers 410 `changes/cursor-expired`: reload the board and start again without a cursor.
See docs/changes.md."""

SSE_EXAMPLE = (
    'retry: 2000\nid: 41-9c1e0a\nevent: ready\ndata: {"cursor":"41-9c1e0a"}\n\n'
    'id: 42-9c1e0a\nevent: item.updated\ndata: {"event":"item.updated","payload":{"id":"..."}}\n\n'
    ": ping\n\n"
)


def wants_stream(accept: str | None) -> bool:
    for part in (accept or "").split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if media.lower() == "text/event-stream" and not any(
            p.replace(" ", "") in ("q=0", "q=0.0") for p in params
        ):
            return True
    return False


@router.get(
    "/{board_id}/changes",
    summary="Board change feed",
    description=DESCRIPTION,
    response_model=None,
    responses={
        200: {
            "model": ChangesRead,
            "description": "A text/event-stream of changes, or (without that Accept) one JSON page",
            "content": {"text/event-stream": {"schema": {"type": "string"}, "example": SSE_EXAMPLE}},
        },
        410: {"model": ErrorRead, "description": "changes/cursor-expired: reload the board"},
        503: {"model": ErrorRead, "description": "changes/too-many-streams: retry later"},
    },
)
async def board_changes(
    ctx: ContentBoard,
    after: Annotated[str | None, Query(max_length=64, description="Resume after this cursor")] = None,
    last_event_id: Annotated[
        str | None,
        Header(alias="Last-Event-ID", max_length=64, description="Resume after this cursor (wins)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="JSON page size")] = 100,
) -> Response:
    position = await service.start_position(ctx.session, ctx.board, last_event_id or after)
    if not wants_stream(ctx.request.headers.get("accept")):
        page = await service.page(ctx.session, ctx.board, after=position, limit=limit)
        return ApiJSONResponse(present_page(ctx.board.id, page))
    hub: Hub = ctx.state.changes
    settings = ctx.state.settings
    subscription = Subscription(
        ctx.board.id,
        queue_size=settings.changes_queue_size,
        recheck=access.rechecker(ctx.request, ctx.board),
        group=(access.credential_key(ctx.request), ctx.board.workspace.id, ctx.board.id),
    )
    await hub.track(subscription)
    return ChangeStream(
        hub=hub,
        db=ctx.state.db,
        subscription=subscription,
        position=position,
        heartbeat=settings.changes_heartbeat_seconds,
        send_timeout=settings.changes_send_timeout,
    )
