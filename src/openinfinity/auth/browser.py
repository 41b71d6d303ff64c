"""The signed-in browser session as an API credential (the web app's calls to /api/v2).

A request with a token header is authenticated by the token and never looks at cookies. Without
one, the `oi_session` cookie set by the sign-in page authenticates it, under three rules:

- Cross-site requests are refused (403 general/cross-site-refused), reads included: a request the
  browser marks `Sec-Fetch-Site: cross-site`, or whose `Origin` is not this server.
- Unsafe methods (anything but GET/HEAD/OPTIONS, also when a POST is overridden to another method)
  need `X-CSRF-Token`: an HMAC, keyed by the server secret, of the stored hash of the session
  secret (403 general/csrf-failed otherwise). It is valid exactly as long as the session, with no
  time limit of its own, and the app shell hands it to the JavaScript in a meta tag. Another site
  can neither read it (the cookie is HttpOnly, the page same-origin) nor compute it.
- The session's scopes are read, write and members: what the web app does (boards, items,
  comments, members and invitations). Never hooks or admin: webhooks and instance administration
  stay with tokens, so a script running in the page cannot reach them.

Lookups are cached in the token cache for its few seconds (keys prefixed apart from tokens):
sign-out drops the entry at once, and the cache is cleared after each commit that revokes or
deactivates (auth/ended.py), which ends cached sessions too. Other server processes see a
sign-out within `token_cache_seconds`.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

from fastapi import Request

from openinfinity.appstate import app_state
from openinfinity.auth import sessions, tokens
from openinfinity.auth.errors import CrossSiteRefused, CsrfFailed
from openinfinity.auth.principal import Principal
from openinfinity.auth.scopes import MEMBERS, READ, WRITE
from openinfinity.auth.service import TokenCache
from openinfinity.core.db import Database
from openinfinity.core.errors import Unauthenticated
from openinfinity.core.models import utcnow

SESSION_SCOPES = frozenset({READ, WRITE, MEMBERS})
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class SessionCsrf:
    """The CSRF token of one browser session for the API (see the module docstring)."""

    def __init__(self, secret: str) -> None:
        self._key = hashlib.sha256(b"openinfinity-session-csrf:" + secret.encode()).digest()

    def token(self, session_raw: str) -> str:
        stored_hash = tokens.hash_token(session_raw).encode()
        return hmac.new(self._key, stored_hash, hashlib.sha256).hexdigest()

    def valid(self, session_raw: str, given: str | None) -> bool:
        if not given or len(given) > 200:
            return False
        return hmac.compare_digest(self.token(session_raw).encode(), given.strip().encode())


def cache_key(session_raw: str) -> str:
    return "session:" + tokens.hash_token(session_raw)


def forget(cache: TokenCache, session_raw: str | None) -> None:
    """Drop a session from the cache at once (sign-out, a new sign-in on the same browser)."""
    if session_raw:
        cache.discard(cache_key(session_raw))


def _origin(url: str) -> str | None:
    """`scheme://host[:port]` with the default port left out, as browsers send `Origin`."""
    try:
        parts = urlsplit(url.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if port is not None and port != _DEFAULT_PORTS[parts.scheme]:
        host = f"{host}:{port}"
    return f"{parts.scheme}://{host}"


def is_cross_site(request: Request, base_url: str) -> bool:
    """True when the browser says the request comes from another site, or its Origin is neither
    the public URL nor the host the request was sent to (behind a proxy without a public URL the
    scheme may differ, so the host alone is compared there)."""
    headers = request.headers
    if headers.get("sec-fetch-site", "").strip().lower() == "cross-site":
        return True
    origin = headers.get("origin")
    if origin is None:
        return False
    normalised = _origin(origin)
    if normalised is None:  # "null" (sandboxed frames, file:) or garbage
        return True
    if normalised == _origin(base_url):
        return False
    host = headers.get("host", "").strip()
    scheme = normalised.split("://", 1)[0]
    return not host or _origin(f"{scheme}://{host}") != normalised


def is_unsafe(request: Request) -> bool:
    """The method changes state; a POST overridden to GET still counts as the POST it was."""
    original = request.scope.get("state", {}).get("original_method")
    return request.method not in SAFE_METHODS or (original is not None and original not in SAFE_METHODS)


async def session_principal(db: Database, cache: TokenCache, session_raw: str) -> Principal:
    key = cache_key(session_raw)
    cached = cache.get(key)
    if cached is not None and cached[1] is not None and cached[1] > utcnow():
        return cached[0]
    async with db.transaction(write=False) as session:
        found = await sessions.resolve_until(session, session_raw)
    if found is None:
        raise Unauthenticated()
    user, until = found
    principal = Principal(
        user_id=user.id,
        token_id=None,
        scopes=SESSION_SCOPES,
        workspace_id=None,
        is_instance_admin=user.is_instance_admin,
        kind="session",
        expires_at=until,
    )
    cache.put(key, principal, until)
    return principal


async def authenticate_session(request: Request, session_raw: str) -> Principal:
    """The principal of the session cookie, once the cross-site and CSRF rules are met.

    The cookie is looked up first (cached): a cookie that is no session answers 401 whatever else
    the request carries, so the rate limiter counts it as a failed authentication of the address
    (made-up cookies get no budget each); a real session refused by a rule answers 403."""
    state = app_state(request)
    principal = await session_principal(state.db, state.token_cache, session_raw)
    if is_cross_site(request, state.settings.base_url):
        raise CrossSiteRefused()
    if is_unsafe(request) and not state.session_csrf.valid(session_raw, request.headers.get(CSRF_HEADER)):
        raise CsrfFailed()
    return principal
