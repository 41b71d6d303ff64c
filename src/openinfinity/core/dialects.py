"""Request normalisation, written once for every endpoint (a pure ASGI middleware).

In order: `/api/...` without a version -> `/api/v2/...`; `Accept` that excludes JSON
-> 406; body size cap -> 413; `POST` with `X-HTTP-METHOD-OVERRIDE` or `_method` acts as that
method; query dialects canonicalised; a JSON body sent with GET becomes query parameters; query
fields sent with POST/PUT/PATCH are merged into the JSON body (the body wins).
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openinfinity.core.bounds import is_decimal
from openinfinity.core.errors import ApiError, NotAcceptable, PayloadTooLarge, ValidationFailed
from openinfinity.core.querystring import (
    body_to_pairs,
    canonical_pairs,
    deep_merge,
    encode_pairs,
    nest,
    parse_pairs,
)
from openinfinity.core.responses import dumps

_OVERRIDABLE = frozenset({"PUT", "PATCH", "DELETE", "GET"})
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_JSON_ACCEPTS = ("application/json", "application/*", "*/*", "+json")
# Endpoints that answer with files (signed attachment links), not JSON: no Accept check.
_FILE_PATHS = ("/api/v2/attachments/",)
# Endpoints that also answer text/event-stream (the board change feed): that Accept is fine too.
_STREAM_SUFFIX = "/changes"


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


async def send_error(send: Send, exc: ApiError, request_id: str) -> None:
    body = dumps(exc.body())
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if request_id:
        headers.append((b"x-request-id", request_id.encode()))
    headers += [(k.lower().encode(), v.encode()) for k, v in exc.headers.items()]
    await send({"type": "http.response.start", "status": exc.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestDialectMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Set by RequestIdMiddleware, which also puts it on every response.
        request_id: str = scope.setdefault("state", {}).get("request_id", "")
        path: str = scope["path"]
        if path == "/api" or (path.startswith("/api/") and not path.startswith(("/api/v2/", "/api/v1/"))):
            path = "/api/v2" + path.removeprefix("/api")
            scope["path"] = path
            scope["raw_path"] = path.encode()
        if not path.startswith("/api/"):
            await self.app(scope, receive, send)
            return
        accept = _header(scope, b"accept")
        if not path.startswith(_FILE_PATHS) and not accepts_json(
            accept, or_stream=path.endswith(_STREAM_SUFFIX)
        ):
            await send_error(send, NotAcceptable(), request_id)
            return

        content_type = (_header(scope, b"content-type") or "").lower()
        if content_type.startswith("multipart/"):
            # Uploads stream to storage with their own cap; never buffered here.
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read_body(scope, receive)
        except PayloadTooLarge as exc:
            await send_error(send, exc, request_id)
            return

        pairs = canonical_pairs(parse_pairs(scope.get("query_string", b"")))
        json_body = _json_object(body) if _is_json(content_type, body) else None
        nul_field = _nul_field(pairs, body, json_body)
        if nul_field is not None:
            # No database stores NUL inside text; refuse it here, once, for every endpoint.
            await send_error(
                send, ValidationFailed.field(nul_field, "must not contain NUL characters."), request_id
            )
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
        _set_header(scope, b"content-length", str(len(body)).encode())
        scope["query_string"] = encode_pairs(pairs)

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


def _nul_field(pairs: list[tuple[str, str]], body: bytes, json_body: dict[str, Any] | None) -> str | None:
    for key, value in pairs:
        if "\x00" in key or "\x00" in value:
            return key.replace("\x00", "")
    if b"\\u0000" in body and json_body is not None:
        return _find_nul(json_body, "")
    return None


def _find_nul(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path or "body" if "\x00" in value else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, child in items:
        child_path = f"{path}.{key}" if path else str(key)
        if "\x00" in str(key):
            return child_path.replace("\x00", "")
        found = _find_nul(child, child_path)
        if found is not None:
            return found
    return None


def _is_json(content_type: str, body: bytes) -> bool:
    return bool(body) and (not content_type or "json" in content_type)


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None
