# Generated from _async/changes.py by scripts/unasync.py: edit that file, then run the script.
"""The board change feed (server-sent events, resumed automatically) and its JSON pages."""

from __future__ import annotations

import time
import json
import logging
from collections.abc import Iterator

import httpx

from infinity_client._sync._core import Core
from infinity_client._base import query
from infinity_client._errors import ChangeFeedClosed, TransportError
from infinity_client._refs import BoardRef, WorkspaceRef, board_scope
from infinity_client._sse import SSEParser
from infinity_client.models import ChangePage, Event

logger = logging.getLogger("infinity_client")


class ChangeFeed:
    """`for event in feed` yields each change of the board once, in order, and keeps going:
    when the connection drops (or the server restarts) it reconnects with the last cursor and
    continues where it stopped. `cursor` is that position: store it to resume in a later run
    (`client.changes.stream(board, after=cursor)`).

    Ends with `ChangeFeedClosed` when the server says not to come back (`access-revoked`, or
    `cursor-expired`: reload the board and start without a cursor); a stale starting cursor is a
    `Gone` (410) on connect."""

    def __init__(
        self,
        core: Core,
        path: str,
        cursor: str | None,
        *,
        reconnect_delay: float = 1.0,
        max_reconnects: int | None = None,
    ) -> None:
        self._core = core
        self._path = path
        self.cursor = cursor
        self.reconnect_delay = reconnect_delay
        self.max_reconnects = max_reconnects
        self.connections = 0
        self._closed = False
        self._response: httpx.Response | None = None

    def close(self) -> None:
        """Stop the feed (from another task or thread too): the iteration ends without error."""
        self._closed = True
        if self._response is not None:
            self._response.close()

    def __iter__(self) -> Iterator[Event]:
        failures = 0
        while not self._closed:
            headers = {"Accept": "text/event-stream"}
            if self.cursor:
                headers["Last-Event-ID"] = self.cursor
            try:
                response = self._core.request_stream(self._path, headers=headers)
                self.connections += 1
                self._response = response
                try:
                    parser = SSEParser()
                    for line in response.iter_lines():
                        message = parser.feed(line)
                        if message is None:
                            continue
                        if message.event == "closed":
                            closed = json.loads(message.data or "{}")
                            if closed.get("reason") != "shutdown":
                                raise ChangeFeedClosed(str(closed.get("reason")), str(closed.get("message")))
                            break
                        if message.id:
                            self.cursor = message.id
                        if message.event == "ready":
                            failures = 0
                            continue
                        yield Event.model_validate({**json.loads(message.data), "id": message.id})
                finally:
                    self._response = None
                    response.close()
            except (httpx.TransportError, httpx.StreamError, TransportError) as exc:
                if self._closed:
                    return
                failures += 1
                if self.max_reconnects is not None and failures > self.max_reconnects:
                    raise
                logger.info("change feed dropped (%r), resuming from %s", exc, self.cursor)
            if not self._closed:
                time.sleep(self.reconnect_delay)


class Changes:
    def __init__(self, core: Core) -> None:
        self._core = core

    def _path(self, board: BoardRef, workspace: WorkspaceRef | None) -> str:
        return board_scope(board, workspace, self._core.workspace).path + "/changes"

    def stream(
        self,
        board: BoardRef,
        *,
        after: str | None = None,
        reconnect_delay: float = 1.0,
        max_reconnects: int | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> ChangeFeed:
        """Every change after `after` (default: from now on), live, resumed after disconnects."""
        return ChangeFeed(
            self._core, self._path(board, workspace), after,
            reconnect_delay=reconnect_delay, max_reconnects=max_reconnects,
        )  # fmt: skip

    def page(
        self, board: BoardRef, *, after: str | None = None, limit: int | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> ChangePage:  # fmt: skip
        """One JSON page of the changes after `after` (without it: empty, `after` = now)."""
        path = self._path(board, workspace)
        return self._core.call(ChangePage, "GET", path, params=query({"after": after, "limit": limit}))

    def since(
        self, board: BoardRef, after: str, *, limit: int | None = None, workspace: WorkspaceRef | None = None
    ) -> Iterator[Event]:
        """The changes after `after` that exist now, page by page (polling; no live wait)."""
        cursor = after
        while True:
            page = self.page(board, after=cursor, limit=limit, workspace=workspace)
            for event in page.data:
                yield event
            cursor = page.after
            if not page.has_more:
                return
