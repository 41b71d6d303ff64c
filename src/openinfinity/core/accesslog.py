"""One access record per request (logger `openinfinity.access`), written after the response.

Fields: request_id, client (the address; behind a trusted proxy, the one it forwarded), method,
path, status, duration_ms, user_id, workspace. The path is the one
requested without its query string (queries may carry tokens: OAuth codes, signed links), and a
`{token}` path parameter (invitation links) is logged as the placeholder, never its value.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("openinfinity.access")

_SECRET_PARAMS = ("token",)


def loggable_path(scope: Scope) -> str:
    path: str = scope.get("path", "")
    params: dict[str, Any] = scope.get("path_params") or {}
    for name in _SECRET_PARAMS:
        value = params.get(name)
        if isinstance(value, str) and value:
            path = path.replace(value, "{" + name + "}")
    return path


def request_fields(scope: Scope, status: int, started: float) -> dict[str, Any]:
    """What the access record (and the unhandled-error record) says about a request."""
    state: dict[str, Any] = scope.get("state") or {}
    principal = state.get("principal")
    workspace = (scope.get("path_params") or {}).get("workspace")
    client = scope.get("client")
    return {
        "request_id": state.get("request_id"),
        "client": str(client[0]) if client else None,
        "method": scope.get("method"),
        "path": loggable_path(scope),
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        "user_id": getattr(principal, "user_id", None),
        "workspace": str(workspace) if workspace is not None else None,
    }


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # unless a response starts: an exception escaping becomes the 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            level = logging.WARNING if status >= 500 else logging.INFO
            if log.isEnabledFor(level):  # the fields are built only for a record that is written
                fields = request_fields(scope, status, started)
                log.log(level, "%s %s %s", fields["method"], fields["path"], status, extra=fields)
