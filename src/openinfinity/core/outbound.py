"""Requests the server makes to URLs it was given (webhooks, attachments from a URL, admin imports)
go to an address checked by core.netguard, and to that very address: the URL's host is resolved
and checked once, then the request is sent to the checked IP with the name kept in the Host header
and TLS SNI, so a DNS answer that changes between check and connect cannot turn it inward."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from openinfinity.core.netguard import BlockedURL, PrivateAddress, check_url, is_public_address


@dataclass(frozen=True, slots=True)
class PinnedTarget:
    """Where to send a request for `url`: the checked address, the Host header, the extensions."""

    url: httpx.URL
    host_header: str
    extensions: dict[str, Any]


def _literal_address(url: str, *, allow_private: bool) -> list[str] | None:
    """An IP-literal host needs no resolver round trip (a thread hop per request); same rule."""
    host = urlsplit(url).hostname
    try:
        ipaddress.ip_address(host or "")
    except ValueError:
        return None
    assert host is not None
    if not allow_private and not is_public_address(host):
        raise PrivateAddress(
            f"The URL resolves to a private or loopback address ({host}); "
            "set OPENINFINITY_ALLOW_PRIVATE_URLS=true to allow it."
        )
    return [host]


async def pin(url: str, *, allow_private: bool) -> PinnedTarget:
    """Check `url` (BlockedURL when it may not be requested) and pin it to one checked address."""
    addresses = _literal_address(url, allow_private=allow_private) or await check_url(
        url, allow_private=allow_private
    )
    # Prefer IPv4: loopback receivers and most hosts listen there.
    address = sorted(addresses, key=lambda a: ipaddress.ip_address(a.split("%", 1)[0]).version)[0]
    parts = urlsplit(url)
    assert parts.hostname is not None
    extensions: dict[str, Any] = {}
    if parts.scheme == "https":
        extensions["sni_hostname"] = parts.hostname
    return PinnedTarget(
        url=httpx.URL(url).copy_with(host=address),
        host_header=parts.netloc.rsplit("@", 1)[-1],
        extensions=extensions,
    )


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport that pins every request it sends, redirects included (httpx sends each
    hop through the transport), and refuses a URL netguard refuses with httpx.ConnectError."""

    def __init__(self, *, allow_private: bool, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.allow_private = allow_private
        self.inner = inner or httpx.AsyncHTTPTransport(trust_env=False)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            target = await pin(str(request.url), allow_private=self.allow_private)
        except BlockedURL as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        request.url = target.url
        request.headers["Host"] = target.host_header
        request.extensions = {**request.extensions, **target.extensions}
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
