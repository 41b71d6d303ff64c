"""gzip for compressible responses past `minimum_size` bytes when the client accepts it.

Written here rather than taking Starlette's GZipMiddleware because three rules matter to us:
the change feed's `text/event-stream` is never compressed (a compressor holds bytes back, and an
event must reach the client when it happens); files (images, archives) pass as they are; and a
compressed body's ETag becomes weak, since it names the JSON, not the bytes sent (the
conditional-GET layer compares weakly, so `If-None-Match` still answers 304).

Level 1 by default: on the 100-item list page (146,521 bytes, bench/gzip_cost.py) level 1 made
26,350 bytes in 1.7 ms, level 6 22,902 bytes in 3.7 ms, level 9 22,580 bytes in 8.5 ms; the
last 13% of size is not worth twice the CPU of a request that takes about 10 ms.
"""

from __future__ import annotations

import zlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_COMPRESSIBLE = ("application/json", "text/html", "text/css", "text/plain", "application/javascript")


def accepts_gzip(scope: Scope) -> bool:
    accept = Headers(scope=scope).get("accept-encoding", "")
    for part in accept.split(","):
        coding, *params = [p.strip() for p in part.split(";")]
        if coding.lower() in ("gzip", "*"):
            return not any(p.replace(" ", "") in ("q=0", "q=0.0", "q=0.00", "q=0.000") for p in params)
    return False


def _compressible(headers: MutableHeaders) -> bool:
    content_type = headers.get("content-type", "").lower()
    return "content-encoding" not in headers and content_type.startswith(_COMPRESSIBLE)


class GzipMiddleware:
    def __init__(self, app: ASGIApp, *, minimum_size: int = 4096, level: int = 1) -> None:
        self.app = app
        self.minimum_size = minimum_size
        self.level = level

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not accepts_gzip(scope):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        compressor: zlib._Compress | None = None
        passthrough = False

        async def send_compressed(message: Message) -> None:
            nonlocal start, compressor, passthrough
            if passthrough:
                await send(message)
                return
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=message.setdefault("headers", []))
                if not _compressible(headers):
                    passthrough = True
                    await send(message)
                else:
                    start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body: bytes = message.get("body", b"")
            more = bool(message.get("more_body", False))
            if compressor is None:
                if not more and len(body) < self.minimum_size:
                    passthrough = True
                    await send(start)
                    await send(message)
                    return
                compressor = zlib.compressobj(self.level, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
                headers = MutableHeaders(raw=start["headers"])
                headers["content-encoding"] = "gzip"
                headers.add_vary_header("Accept-Encoding")
                etag = headers.get("etag")
                if etag and not etag.startswith("W/"):
                    headers["etag"] = "W/" + etag
                if more:
                    del headers["content-length"]
                    await send(start)
                else:
                    data = compressor.compress(body) + compressor.flush()
                    headers["content-length"] = str(len(data))
                    await send(start)
                    await send({"type": "http.response.body", "body": data})
                    return
            data = compressor.compress(body)
            if not more:
                data += compressor.flush()
            await send({"type": "http.response.body", "body": data, "more_body": more})

        await self.app(scope, receive, send_compressed)
