"""Downloading a file from a URL for "create attachment from URL".

Every hop (the URL and each redirect, at most MAX_REDIRECTS) is checked with core.netguard on
its resolved address, and the connection goes to exactly the address that was checked (the host
name travels in the Host header and TLS SNI), so DNS cannot answer differently the second time.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from openinfinity.core.bounds import is_decimal
from openinfinity.core.errors import PayloadTooLarge, ValidationFailed
from openinfinity.core.netguard import BlockedURL
from openinfinity.core.outbound import pin

MAX_REDIRECTS = 3
_REDIRECTS = {301, 302, 303, 307, 308}


class FetchFailed(ValidationFailed):
    """422 on the `url` field with the reason the download failed."""

    def __init__(self, reason: str) -> None:
        super().__init__({"url": [f"The file could not be downloaded from the url: {reason}"]})


@dataclass(slots=True)
class RemoteFile:
    filename: str
    content_type: str | None
    declared_size: int | None
    chunks: AsyncIterator[bytes]


def filename_from(response: httpx.Response, url: str) -> str:
    """Content-Disposition's filename (RFC 6266: filename* wins), else the URL's last segment."""
    header = response.headers.get("content-disposition")
    if header:
        name = _disposition_filename(header)
        if name:
            return name
    parts = urlsplit(url)
    segment = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return segment or parts.hostname or "file"


_PARAM = re.compile(r';\s*([!#$%&\'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def _disposition_filename(header: str) -> str | None:
    params: dict[str, str] = {}
    for key, value in _PARAM.findall(header):
        value = value.strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        params.setdefault(key.lower(), value)
    extended = params.get("filename*")
    if extended:
        charset, _, rest = extended.partition("'")
        _lang, _, encoded = rest.partition("'")
        try:
            return unquote(encoded, encoding=charset or "utf-8", errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    return params.get("filename") or None


@asynccontextmanager
async def open_remote(
    url: str, *, allow_private: bool, read_timeout: float, max_bytes: int
) -> AsyncIterator[RemoteFile]:
    """The remote file as a stream; FetchFailed (422) or PayloadTooLarge (413) when it cannot be had."""
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(read_timeout), trust_env=False, follow_redirects=False
    ) as http:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                target = await pin(current, allow_private=allow_private)
            except BlockedURL as exc:
                raise FetchFailed(str(exc)) from exc
            request = http.build_request(
                "GET",
                target.url,
                headers={"Host": target.host_header, "Accept": "*/*", "User-Agent": "openinfinity"},
                extensions=target.extensions,
            )
            try:
                response = await http.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise FetchFailed(_describe(exc)) from exc
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                if not response.is_success:
                    raise FetchFailed(f"the server answered with status {response.status_code}.")
                declared = response.headers.get("content-length")
                size = int(declared) if declared and is_decimal(declared) else None
                if size is not None and size > max_bytes:
                    raise PayloadTooLarge(f"The file is larger than the limit of {max_bytes} bytes.")
                yield RemoteFile(
                    filename=filename_from(response, current),
                    content_type=response.headers.get("content-type"),
                    declared_size=size,
                    chunks=_body(response),
                )
                return
            finally:
                await response.aclose()
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects.")


async def _body(response: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    except httpx.HTTPError as exc:
        raise FetchFailed(_describe(exc)) from exc


def _describe(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "the server did not answer in time."
    if isinstance(exc, httpx.ConnectError):
        return "the server could not be reached."
    return f"the transfer failed ({type(exc).__name__})."
