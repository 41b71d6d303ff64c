"""The one credential a request carries, read the same way by the rate limiter and by
authentication: the limiter must charge exactly the token that authentication will accept,
otherwise a throwaway `x-api-token` next to a valid `Authorization` gets a fresh budget per request.

A token comes as `Authorization: Bearer T` (stray spaces tolerated) or `x-api-token: T`. A request
that carries two different tokens (in both headers, or one header sent twice) is refused: no
guess about which one counts.

Without a token, the web app's signed-in browser session is the credential: the session cookie
(its name given by the caller, as core knows no domain module). A token wins over a cookie.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.requests import cookie_parser

from openinfinity.core.errors import Unauthenticated


class ConflictingCredentials(Unauthenticated):
    default_message = "The request carries more than one credential; send a single token."


def _bearer(value: str) -> str | None:
    parts = value.strip().split(None, 1)
    if len(parts) == 2 and parts[0].lower() == "bearer" and parts[1].strip():
        return parts[1].strip()
    return None


def request_credential(headers: Iterable[tuple[bytes, bytes]]) -> str | None:
    """The token of the request's raw ASGI headers, None without one; raises
    ConflictingCredentials when it carries different tokens."""
    found: set[str] = set()
    for key, raw in headers:
        if key == b"authorization":
            token = _bearer(bytes(raw).decode("latin-1"))
        elif key == b"x-api-token":
            token = bytes(raw).decode("latin-1").strip() or None
        else:
            continue
        if token:
            found.add(token)
    if len(found) > 1:
        raise ConflictingCredentials(headers={"WWW-Authenticate": "Bearer"})
    return found.pop() if found else None


def request_session(headers: Iterable[tuple[bytes, bytes]], cookie: str) -> str | None:
    """The value of the session cookie named `cookie` in the request's raw ASGI headers, None
    without one. Every `Cookie` header counts (HTTP/2 may split them); the last value wins."""
    parts = [bytes(raw).decode("latin-1") for key, raw in headers if key == b"cookie"]
    if not parts:
        return None
    return cookie_parser("; ".join(parts)).get(cookie) or None
