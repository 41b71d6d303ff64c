"""Outbound requests (webhooks, attachments from URL) go only to public addresses unless
OPENINFINITY_ALLOW_PRIVATE_URLS is set. Checked on the resolved address of every hop."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class BlockedURL(ValueError):
    """The URL is not allowed as an outbound target; the message says why."""


class PrivateAddress(BlockedURL):
    """The URL leads to a private, loopback or otherwise non-public address."""


# IPv6 ranges that carry an IPv4 address a packet may end up at (RFC 6052 NAT64, RFC 3056 6to4,
# RFC 4291 IPv4-compatible, RFC 2765 IPv4-translated); Teredo (2001::/32) via IPv6Address.teredo.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# RFC 8215 local-use NAT64: the IPv4 sits where the operator's prefix length puts it, so it cannot
# be decoded reliably; it is never a public destination.
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_COMPATIBLE = ipaddress.IPv6Network("::/96")
_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses a transition or compatibility IPv6 address leads to."""
    low32 = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    found: list[ipaddress.IPv4Address] = []
    if ip.ipv4_mapped is not None:
        found.append(ip.ipv4_mapped)
    if ip in _NAT64 or ip in _COMPATIBLE or ip in _TRANSLATED:
        found.append(low32)
    if ip.sixtofour is not None:
        found.append(ip.sixtofour)
    if ip.teredo is not None:
        found.extend(ip.teredo)  # (server, client)
    return found


def is_public_address(address: str) -> bool:
    """A unicast address on the public internet, including every IPv4 address hidden in an IPv6
    one (`::ffff:127.0.0.1`, `::127.0.0.1`, `64:ff9b::10.0.0.1`, `2002:a00:1::1` ...); site-local
    (fec0::/10, deprecated but still routed by some networks) and local-use NAT64 are refused."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local or ip in _NAT64_LOCAL:
            return False
        embedded = _embedded_ipv4(ip)
        if not all(_is_public(v4) for v4 in embedded):
            return False
        if embedded and ip.teredo is None:
            return True  # the IPv4 address decides (Python's IPv6 lists vary by version)
    return _is_public(ip)


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
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
            raise PrivateAddress(
                f"The URL resolves to a private or loopback address ({blocked[0]}); "
                "set OPENINFINITY_ALLOW_PRIVATE_URLS=true to allow it."
            )
    return addresses
