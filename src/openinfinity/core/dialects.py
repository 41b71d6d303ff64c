"""Request normalisation, written once for every endpoint (two pure ASGI middlewares, with the
rate limiter between them).

Edge, in order (inside RequestIdMiddleware, core/requestid.py, which sets the request id and puts
it on every response): `/api/...` without a version -> `/api/v2/...`; `Accept` that excludes
JSON (and, on the change feed, an event stream) -> 406; each piece of a body must arrive in time ->
408. Then, after the rate limiter: a request that announces a body must pass the gate
(authentication by token or browser session, given by the app) before a byte of it is read -> 401
(403 for a session's cross-site or CSRF refusals); body size cap while it streams -> 413 (uploads
stream to storage under their own cap); `POST` with `X-HTTP-METHOD-OVERRIDE` or `_method` acts as
that method; query dialects canonicalised; a JSON body sent with GET becomes query parameters; query
fields sent with POST/PUT/PATCH are merged into the JSON body (the body wins).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openinfinity.core.bounds import is_decimal
from openinfinity.core.errors import (
    ApiError,
    NotAcceptable,
    PayloadTooLarge,
    RequestTimeout,
    ValidationFailed,
)
from openinfinity.core.querystring import (
    body_to_pairs,
    canonical_pairs,
    deep_merge,
    encode_pairs,
    nest,
    parse_pairs,
)
from openinfinity.core.responses import dumps
from openinfinity.core.storable import text_flaw, unstorable_in_body

_OVERRIDABLE = frozenset({"PUT", "PATCH", "DELETE", "GET"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON_ACCEPTS = ("application/json", "application/*", "*/*", "+json")
# Endpoints that answer with files (signed attachment links), not JSON: no Accept check.
_FILE_PATHS = ("/api/v2/attachments/",)
# Endpoints that also answer text/event-stream (the board change feed): that Accept is fine too.
_STREAM_SUFFIX = "/changes"
# Endpoints that answer a CSV file (a board's items): no Accept check.
_CSV_SUFFIX = ".csv"
# The one endpoint that takes multipart bodies: streamed to storage under the upload cap.
_UPLOAD_PATH = re.compile(r"^/api/v2/workspaces/[^/]+/attachments/file/?$")

# Checks a request before its body is read; answers the error to send instead, or None.
Gate = Callable[[Scope], Awaitable[ApiError | None]]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _set_header(scope: Scope, name: bytes, value: bytes) -> None:
    headers = [(k, v) for k, v in scope.get("headers", []) if k != name]
    headers.append((name, value))
    scope["headers"] = headers


def accepts_json(accept: str | None, *, or_stream: bool = False) -> bool:
    """Whether `accept` admits JSON (or, with `or_stream`, an event stream)."""
    if not accept or not accept.strip():
        return True
    for part in accept.split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params):
            continue
        if media.lower().endswith(_JSON_ACCEPTS) or (or_stream and media.lower() == "text/event-stream"):
            return True
    return False


async def send_error(send: Send, exc: ApiError) -> None:
    """The error envelope as a response (RequestIdMiddleware, outermost, adds the request id)."""
    body = dumps(exc.body())
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    headers += [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    await send({"type": "http.response.start", "status": exc.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestEdgeMiddleware:
    """The first steps, before the rate limiter: `/api/...` -> `/api/v2/...`, the Accept check,
    and the pace every body must keep."""

    def __init__(self, app: ASGIApp, *, body_timeout: float = 30.0) -> None:
        self.app = app
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path == "/api" or (path.startswith("/api/") and not path.startswith(("/api/v2/", "/api/v1/"))):
            path = "/api/v2" + path.removeprefix("/api")
            scope["path"] = path
            scope["raw_path"] = path.encode()
        if (
            path.startswith("/api/")
            and not path.startswith(_FILE_PATHS)
            and not path.endswith(_CSV_SUFFIX)
            and not accepts_json(_header(scope, b"accept"), or_stream=path.endswith(_STREAM_SUFFIX))
        ):
            await send_error(send, NotAcceptable())
            return
        # A request without a body has none to pace (most GETs): its receive is passed on.
        paced = receive if _bodiless(scope) else _paced(receive, self.body_timeout)
        await self.app(scope, paced, send)


class RequestDialectMiddleware:
    """The body, after the rate limiter (so refusals below count against the caller's budget)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, gate: Gate | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith("/api/"):
            # Pages and OAuth endpoints parse their (small) forms themselves: capped as they stream.
            await self.app(scope, _capped(receive, self.max_body_bytes), send)
            return
        if self.gate is not None and _announces_body(scope) and not path.startswith(_FILE_PATHS):
            # A body is only worth reading for a caller who may send one (1 GB to learn "401"
            # was the alternative).
            refused = await self.gate(scope)
            if refused is not None:
                await send_error(send, refused)
                return
        content_type = (_header(scope, b"content-type") or "").lower()
        if content_type.startswith("multipart/") and _UPLOAD_PATH.match(path):
            # Uploads stream to storage with their own cap; never buffered here. Multipart sent
            # anywhere else is read under the general cap like any body.
            await self.app(scope, receive, send)
            return
        bodiless = _bodiless(scope)
        try:
            body = b"" if bodiless else await self._read_body(scope, receive)
        except (PayloadTooLarge, RequestTimeout) as exc:
            await send_error(send, exc)
            return

        query = scope.get("query_string", b"")
        pairs = canonical_pairs(parse_pairs(query)) if query else []
        is_json = _is_json(content_type, body)
        json_body = _json_object(body) if is_json else None
        unstorable = _unstorable(pairs, body if is_json else b"", json_body)
        if unstorable is not None:
            # Text no database stores (NUL, lone surrogates): refused here, once, for every endpoint.
            await send_error(send, ValidationFailed.field(*unstorable))
            return
        method = scope["method"]
        if method == "POST":
            override = _header(scope, b"x-http-method-override") or dict(pairs).get("_method")
            if override is None and json_body is not None and isinstance(json_body.get("_method"), str):
                override = json_body["_method"]
            if override and override.upper() in _OVERRIDABLE:
                method = scope["method"] = override.upper()
                # Kept for the browser-session CSRF rule: a POST stays unsafe whatever it became.
                scope["state"]["original_method"] = "POST"

        if method == "GET" and json_body:
            # The hosted API's examples send list parameters as a JSON body on GET.
            present = {k for k, _ in pairs}
            pairs += [(k, v) for k, v in canonical_pairs(body_to_pairs(json_body)) if k not in present]
            body = b""
        elif method in _BODY_METHODS and pairs and (json_body is not None or not body):
            merged = deep_merge(nest(pairs), json_body or {})
            body = orjson.dumps(merged)
            _set_header(scope, b"content-type", b"application/json")
        if query or pairs:
            scope["query_string"] = encode_pairs(pairs)
        if bodiless and not body:
            # Still no body: the request message is left for the app to receive, nothing to replay.
            await self.app(scope, receive, send)
            return
        _set_header(scope, b"content-length", str(len(body)).encode())

        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes:
        declared = _header(scope, b"content-length")
        if declared and is_decimal(declared) and int(declared) > self.max_body_bytes:
            raise PayloadTooLarge(f"The request body is larger than {self.max_body_bytes} bytes.")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise PayloadTooLarge(f"The request body is larger than {self.max_body_bytes} bytes.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _paced(receive: Receive, timeout: float) -> Receive:
    """`receive`, where each piece of the request body must arrive within `timeout` seconds of
    the previous one (408 otherwise). Once the body is complete, waiting (for a disconnect) is
    not limited."""
    complete = False

    async def paced() -> Message:
        nonlocal complete
        if complete:
            return await receive()
        try:
            async with asyncio.timeout(timeout):
                message = await receive()
        except TimeoutError:
            raise RequestTimeout() from None
        if message["type"] != "http.request" or not message.get("more_body", False):
            complete = True
        return message

    return paced


def _capped(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge(f"The request body is larger than {limit} bytes.")
        return message

    return capped


def _announces_body(scope: Scope) -> bool:
    length = _header(scope, b"content-length")
    if length is not None:
        return length.strip() not in ("", "0")
    return _header(scope, b"transfer-encoding") is not None


def _bodiless(scope: Scope) -> bool:
    """HTTP/1 without Content-Length or Transfer-Encoding: the request has no body (RFC 9112
    6.3), so there is nothing to wait for, pace or read. (HTTP/2 may send one unannounced.)"""
    return str(scope.get("http_version", "1.1")).startswith("1.") and not _announces_body(scope)


def _unstorable(
    pairs: list[tuple[str, str]], body: bytes, json_body: dict[str, Any] | None
) -> tuple[str, str] | None:
    """(field, predicate) of the first query parameter or JSON body string no database stores."""
    for key, value in pairs:
        # Query strings are decoded with replacement characters: only NUL can get through.
        flaw = text_flaw(key) or text_flaw(value)
        if flaw:
            return key.replace("\x00", ""), flaw
    return unstorable_in_body(body, json_body) if body else None


def _is_json(content_type: str, body: bytes) -> bool:
    return bool(body) and (not content_type or "json" in content_type)


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None
