"""Authentication before the body: a request that announces a body is authenticated by the
request middleware before any of it is read, so an anonymous or badly authenticated caller cannot
make the server buffer (or parse) a large body only to answer 401. The principal is kept in the
request state, and `current_principal` uses it instead of authenticating twice.

The credential is the one `core/credentials.py` reads, as the rate limiter does: a token, else
the signed-in browser session cookie under its rules (auth/browser.py: same site, and the CSRF
token on a body-carrying request, which is always unsafe here: an override happens later)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import Scope

from openinfinity.appstate import app_state
from openinfinity.auth import sessions
from openinfinity.auth.browser import authenticate_session
from openinfinity.auth.principal import Principal
from openinfinity.auth.service import authenticate
from openinfinity.core.credentials import request_credential, request_session
from openinfinity.core.errors import ApiError, Unauthenticated

STATE_KEY = "principal"


async def authenticate_request(request: Request) -> Principal:
    """The principal of the request's one credential: its token (cookies are then not even
    read), else its browser session; 401 without either, 403 for a session used cross-site or
    without its CSRF token on an unsafe method."""
    headers = request.headers.raw
    raw = request_credential(headers)
    if raw is not None:
        return await authenticate(app_state(request).db, app_state(request).token_cache, raw)
    session_raw = request_session(headers, sessions.COOKIE)
    if session_raw is None:
        raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})
    return await authenticate_session(request, session_raw)


async def body_gate(scope: Scope) -> ApiError | None:
    """The request middleware's gate (core/dialects.py): None once the caller is authenticated,
    else the error to answer without reading the body."""
    try:
        principal = await authenticate_request(Request(scope))
    except ApiError as exc:
        return exc
    scope.setdefault("state", {})[STATE_KEY] = principal
    return None
