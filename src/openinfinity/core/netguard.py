"""Outbound requests (webhooks, attachments from URL) go only to public addresses unless
OPENINFINITY_ALLOW_PRIVATE_URLS is set. Checked on the resolved address of every hop."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class BlockedURL(ValueError):
    """The URL is not allowed as an outbound target; the message says why."""


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def resolve(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise BlockedURL(f"The host {host} could not be resolved.") from exc
    return sorted({str(info[4][0]) for info in infos})


async def check_url(url: str, *, allow_private: bool) -> list[str]:
    """Validate scheme and host; unless private targets are allowed, every address the host
    resolves to must be public. Returns the resolved addresses."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedURL("The URL must be an absolute http or https URL.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BlockedURL("The URL has an invalid port.") from exc
    addresses = await resolve(parts.hostname, port)
    if not allow_private:
        blocked = [a for a in addresses if not is_public_address(a)]
        if blocked:
            raise BlockedURL(
                f"The URL resolves to a private or loopback address ({blocked[0]}); "
                "set OPENINFINITY_ALLOW_PRIVATE_URLS=true to allow it."
            )
    return addresses
