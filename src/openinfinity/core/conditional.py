"""Conditional GETs for every JSON resource: an ETag on each 200, `If-None-Match` -> 304, and
`If-Modified-Since` -> 304 where the handler set `Last-Modified`."""

from __future__ import annotations

import hashlib
from email.utils import parsedate_to_datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=16).hexdigest().encode() + b'"'


def _etag_matches(if_none_match: str, etag: str) -> bool:
    if if_none_match.strip() == "*":
        return True
    candidates = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return etag in candidates


def _not_modified_since(if_modified_since: str, last_modified: str) -> bool:
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError, IndexError):
        return False


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        request_headers = {k: bytes(v).decode("latin-1") for k, v in scope.get("headers", [])}
        start: Message | None = None
        chunks: list[bytes] = []
        passthrough = False

        async def capture(message: Message) -> None:
            nonlocal start, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                is_json = headers.get(b"content-type", b"").startswith(b"application/json")
                if message["status"] != 200 or not is_json:
                    passthrough = True
                    await send(message)
                    return
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            assert start is not None
            await self._finish(start, b"".join(chunks), request_headers, send)

        await self.app(scope, receive, capture)

    async def _finish(self, start: Message, body: bytes, request: dict[bytes, str], send: Send) -> None:
        etag = _etag(body)
        headers = [(k, v) for k, v in start.get("headers", []) if k != b"etag"] + [(b"etag", etag)]
        last_modified = dict(headers).get(b"last-modified")
        if_none_match = request.get(b"if-none-match")
        if_modified_since = request.get(b"if-modified-since")
        not_modified = (
            _etag_matches(if_none_match, etag.decode())
            if if_none_match is not None
            else bool(
                if_modified_since
                and last_modified
                and _not_modified_since(if_modified_since, last_modified.decode("latin-1"))
            )
        )
        if not_modified:
            kept = [(k, v) for k, v in headers if k not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": 304, "headers": kept})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
