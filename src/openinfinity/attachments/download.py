"""Serving a stored file: Range requests (one range; 206 / 416), Content-Disposition with the
original name, and headers that stop a browser from running uploaded content as our page."""

from __future__ import annotations

import hashlib
import re
import time

from starlette.responses import Response, StreamingResponse

from openinfinity.core.errors import ApiError
from openinfinity.files.names import content_disposition, is_inline
from openinfinity.files.storage.base import Storage

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiable(ApiError):
    status_code = 416
    code = "attachments/range-not-satisfiable"
    default_message = "The requested range is not satisfiable."


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(start, length) of a single satisfiable range, None to send the whole file (no header,
    several ranges or a syntax we ignore, as RFC 9110 allows); RangeNotSatisfiable otherwise."""
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix: the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise _unsatisfiable(size)
        start = max(0, size - suffix)
        return start, size - start
    start = int(first)
    if last and int(last) < start:
        return None  # syntactically invalid: ignored
    if start >= size:
        raise _unsatisfiable(size)
    end = int(last) if last else size - 1
    end = min(end, size - 1)
    return start, end - start + 1


def _unsatisfiable(size: int) -> RangeNotSatisfiable:
    return RangeNotSatisfiable(headers={"Content-Range": f"bytes */{size}"})


def etag_for(key: str) -> str:
    # Stored objects never change under a key, so the key identifies the content.
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def serve(
    storage: Storage,
    key: str,
    *,
    size: int,
    name: str,
    content_type: str,
    expires: int,
    method: str,
    range_header: str | None,
    if_range: str | None,
) -> Response:
    etag = etag_for(key)
    wanted = parse_range(range_header, size) if if_range in (None, etag) else None
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Content-Disposition": content_disposition(name, inline=is_inline(content_type)),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": f"private, max-age={max(0, expires - int(time.time()))}",
    }
    if content_type != "application/pdf":
        # Uploaded HTML or SVG must never run as a page of our origin.
        headers["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox"
    status, start, length = 200, 0, size
    if wanted is not None:
        start, length = wanted
        status = 206
        headers["Content-Range"] = f"bytes {start}-{start + length - 1}/{size}"
    headers["Content-Length"] = str(length)
    if method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=content_type)
    return StreamingResponse(
        storage.open(key, start=start, length=length),
        status_code=status,
        headers=headers,
        media_type=content_type,
    )
