"""The streaming response of the change feed: history since the cursor, then live events, with
heartbeats, until the client leaves or the server ends the stream.

It is its own ASGI response, not a StreamingResponse, so that it can watch for the client's
disconnect while it waits for events, and give up on a client that reads nothing: each send may
block at most `changes_send_timeout` seconds (a full socket), after which the connection is
dropped without waiting for the client. The client resumes from the last id it received.

A stream alternates between two modes:
- history: pages of the board's outbox events after its position, sent at the client's pace;
- live: blocks the hub queued for it. When a burst fills its queue the hub stops queueing for it
  (it is "lagging"); once the queue is drained it goes back to history from the last event it
  was given, then joins the hub again. No event is skipped or sent twice: both modes send only
  ids above the stream's position, in id order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from openinfinity.changes import repository, sse
from openinfinity.changes.errors import CursorExpired
from openinfinity.changes.hub import Hub, Subscription
from openinfinity.core import metrics
from openinfinity.core.db import Database

log = logging.getLogger(__name__)

HISTORY_PAGE = 200  # events per read while catching up
RETRY_MS = 2000  # how long EventSource waits before reconnecting
CLOSE_MESSAGES = {
    "access-revoked": "You may no longer see this board.",
    "shutdown": "The server is restarting; resume from the last event id.",
    "cursor-expired": CursorExpired.default_message,
}
HEADERS = {
    "cache-control": "no-cache, no-transform",
    "x-accel-buffering": "no",  # nginx: pass each event on at once
}


Writer = Callable[[bytes], Awaitable[None]]


class _Stalled(Exception):
    """The client accepted nothing for the send timeout."""


class ChangeStream(Response):
    media_type = "text/event-stream"

    def __init__(
        self,
        *,
        hub: Hub,
        db: Database,
        subscription: Subscription,
        position: int,
        heartbeat: float,
        send_timeout: float,
    ) -> None:
        super().__init__(headers=HEADERS, media_type=self.media_type)
        # A stream has no length: chunked transfer (Response would announce an empty body).
        self.raw_headers = [(k, v) for k, v in self.raw_headers if k != b"content-length"]
        self.hub = hub
        self.db = db
        self.subscription = subscription
        self.start = position
        self.heartbeat = heartbeat
        self.send_timeout = send_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        metrics.CHANGE_STREAMS.inc()
        try:
            await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
            sending = asyncio.create_task(self._send_events(send))
            leaving = asyncio.create_task(_disconnected(receive))
            done, pending = await asyncio.wait({sending, leaving}, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            for task in pending:
                with contextlib.suppress(asyncio.CancelledError, OSError):
                    await task
            if sending in done:
                error = sending.exception()
                if error is None:
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                elif isinstance(error, _Stalled):
                    log.info("change stream dropped: the client read nothing for %ss", self.send_timeout)
                else:
                    raise error
            # Else the client left.
        finally:
            metrics.CHANGE_STREAMS.dec()
            self.subscription.close("gone")
            self.hub.release(self.subscription)

    async def _send_events(self, send: Send) -> None:
        subscription = self.subscription
        board_id = subscription.board_id

        async def write(block: bytes) -> None:
            message = {"type": "http.response.body", "body": block, "more_body": True}
            try:
                async with asyncio.timeout(self.send_timeout):  # no task per send, unlike wait_for
                    await send(message)
            except TimeoutError:
                raise _Stalled from None

        await write(sse.ready(board_id, self.start, retry_ms=RETRY_MS))
        position = self.start
        while not subscription.closed.is_set():
            position = await self._history(write, position)
            if subscription.closed.is_set():
                break
            self.hub.attach(subscription, position)
            await self._live(write)
            position = subscription.position
        reason = subscription.reason or "shutdown"
        await write(sse.closed(reason, CLOSE_MESSAGES.get(reason, reason)))

    async def _history(self, write: Writer, position: int) -> int:
        """Send the board's events after `position` until caught up; returns the new position."""
        subscription = self.subscription
        board_id = subscription.board_id
        while not subscription.closed.is_set():
            async with self.db.transaction(write=False) as session:
                changes = await repository.page(session, board_id, after=position, limit=HISTORY_PAGE)
                # Read after the page: a prune that removed part of it has raised the horizon.
                if await repository.horizon(session, board_id) > position:
                    subscription.close("cursor-expired")
                    break
            for item in changes:
                await write(sse.change(board_id, item))
                position = item.id
            if len(changes) < HISTORY_PAGE:
                break
        return position

    async def _live(self, write: Writer) -> None:
        """Send what the hub queues, and heartbeats, until closed or lagging with nothing left.
        Whatever is queued goes out in one send: a burst costs one write, not one per event."""
        subscription = self.subscription
        queue = subscription.queue
        while not subscription.closed.is_set():
            if not queue.empty():
                await write(b"".join(queue.get_nowait() for _ in range(queue.qsize())))
                continue
            if subscription.lagging:
                return
            subscription.pending.clear()
            try:
                async with asyncio.timeout(self.heartbeat):
                    await subscription.pending.wait()
            except TimeoutError:
                await write(sse.PING)


async def _disconnected(receive: Receive) -> None:
    while True:
        message: Message = await receive()
        if message["type"] == "http.disconnect":
            return
