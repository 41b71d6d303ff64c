"""One signed HTTP attempt to a hook's URL, and what came of it.

The URL's host is resolved and checked once (public addresses only unless private targets are
allowed), then the request goes to that checked address (the Host header and TLS SNI keep the
name), so a DNS answer that changes between check and connect cannot redirect us inward.
Redirects are never followed: a 3xx is a failed attempt like any non-2xx.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from openinfinity import __version__
from openinfinity.core.netguard import BlockedURL
from openinfinity.core.outbound import pin
from openinfinity.hooks import signing

USER_AGENT = f"openinfinity/{__version__}"
EXCERPT_CHARS = 1024


@dataclass(slots=True)
class Outcome:
    """The result of one attempt, as stored in the attempt log."""

    request_headers: dict[str, str]
    status_code: int | None = None
    error: str | None = None
    response_excerpt: str | None = None
    duration_ms: int = 0

    @property
    def success(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    @property
    def gone(self) -> bool:
        return self.status_code == 410


def make_client(*, max_connections: int) -> httpx.AsyncClient:
    # trust_env off: a proxy from the environment would connect to the name, not the checked address.
    return httpx.AsyncClient(
        follow_redirects=False,
        trust_env=False,
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
    )


class ClientPool:
    """One HTTP client per receiver origin, each with a few keep-alive connections.

    A slow or dead receiver ties up only its own connections, not every hook's; and each
    connection pool stays small (httpcore's pool gets markedly slower per request as the number
    of concurrent connections in one pool grows). Clients live as long as the dispatcher: their
    number is bounded by the distinct origins of the hooks."""

    def __init__(self, *, per_origin: int) -> None:
        self.per_origin = per_origin
        self._clients: dict[str, httpx.AsyncClient] = {}

    def for_url(self, url: str) -> httpx.AsyncClient:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1].lower()}"
        client = self._clients.get(origin)
        if client is None:
            client = self._clients[origin] = make_client(max_connections=self.per_origin)
        return client

    async def aclose(self) -> None:
        clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            await client.aclose()


def encode_body(event: str, payload: dict[str, Any]) -> bytes:
    return orjson.dumps({"event": event, "payload": payload})


async def send(
    clients: ClientPool,
    *,
    url: str,
    secret: str,
    message_id: str,
    event: str,
    payload: dict[str, Any],
    timeout_seconds: float,
    allow_private: bool,
) -> Outcome:
    body = encode_body(event, payload)
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        **signing.headers(secret, message_id=message_id, timestamp=int(time.time()), body=body),
    }
    outcome = Outcome(request_headers=headers)
    started = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_seconds):
            target = await pin(url, allow_private=allow_private)
            client = clients.for_url(url)
            request = client.build_request(
                "POST",
                target.url,
                content=body,
                headers={**headers, "Host": target.host_header},
                extensions=target.extensions,
                timeout=timeout_seconds,
            )
            response = await client.send(request, stream=True)
            try:
                outcome.status_code = response.status_code
                outcome.response_excerpt = await _excerpt(response)
            finally:
                await response.aclose()
    except BlockedURL as exc:
        outcome.error = str(exc)
    except (TimeoutError, httpx.TimeoutException):
        outcome.error = f"No response within {timeout_seconds:g} seconds."
    except httpx.ConnectError as exc:
        outcome.error = f"Could not connect: {exc or 'connection refused'}"[:1000]
    except httpx.HTTPError as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"[:1000]
    outcome.duration_ms = round((time.perf_counter() - started) * 1000)
    return outcome


async def _excerpt(response: httpx.Response) -> str:
    """The start of the response body; the rest is not read (a receiver may send a lot)."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_raw():
        chunks.append(chunk)
        size += len(chunk)
        if size >= EXCERPT_CHARS * 4:
            break
    text = b"".join(chunks).decode("utf-8", errors="replace")
    return text[:EXCERPT_CHARS] + ("…" if len(text) > EXCERPT_CHARS else "")
