"""Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html).

Every block ends with a blank line. `id:` sets the client's last event id (EventSource sends it back
as `Last-Event-ID` when it reconnects); a block with an id and no data moves the id without firing
an event. Lines starting with `:` are comments: the heartbeat.
"""

from __future__ import annotations

import orjson

from openinfinity.changes import cursor
from openinfinity.changes.repository import Change

PING = b": ping\n\n"
READY = "ready"  # the first event of every stream: the position it starts from
CLOSED = "closed"  # the last one, when the server ends the stream (reason in the data)


def change(board_id: str, item: Change) -> bytes:
    """One change as an SSE block; the same bytes for every stream of the board."""
    return b"id: %s\nevent: %s\ndata: %s\n\n" % (
        cursor.encode(board_id, item.id).encode(),
        item.event.encode(),
        item.data(),
    )


def ready(board_id: str, position: int, *, retry_ms: int) -> bytes:
    token = cursor.encode(board_id, position)
    data = orjson.dumps({"cursor": token})
    return b"retry: %d\nid: %s\nevent: %s\ndata: %s\n\n" % (retry_ms, token.encode(), READY.encode(), data)


def closed(reason: str, message: str) -> bytes:
    data = orjson.dumps({"reason": reason, "message": message})
    return b"event: %s\ndata: %s\n\n" % (CLOSED.encode(), data)
