"""Rate limits per token or browser session (per client address when anonymous), every
configured window.

Failed authentications are counted per client address as well, whatever token or session cookie
they carried: otherwise each guessed token (or made-up cookie) would get a fresh budget of its own.
An address that used up that budget gets 429 for any token or session until the window ends.
Requests that authenticate are never counted there.

Some routes have windows of their own on top of the global one (`route_limits`): uploads and
attachments from URL, sign-in (and password-reset requests), token creation (personal tokens and
the OAuth token endpoint). Their counters are separate (a burst of uploads does not spend the
budget of reads), and the headers report whichever window is closest to refusing.

Uses the `limits` package through core/limitstore.py: in-process memory by default, Redis when
OPENINFINITY_REDIS_URL is set so several server processes share one budget, and a per-process
fallback while Redis is unreachable. Every API response (and every response of a limited page
route) carries X-RateLimit-* headers.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.aio.storage import Storage
from limits.aio.strategies import FixedWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openinfinity.core import metrics
from openinfinity.core.config import Settings
from openinfinity.core.credentials import (
    ConflictingCredentials,
    request_credential,
    request_session,
)
from openinfinity.core.dialects import send_error
from openinfinity.core.errors import TooManyRequests
from openinfinity.core.limitstore import ResilientLimiter

# Keys of requests that carry a credential (a token, a session cookie): a 401 answered to one of
# them is a failed authentication of the address (a valid credential is never answered 401).
_CREDENTIAL_KEYS = ("t:", "s:")


def parse_limits(spec: str) -> list[RateLimitItem]:
    """The windows of `spec`; none for "off" (a proxy in front limits requests)."""
    if spec.strip().lower() == "off":
        return []
    return list(parse_many(spec.replace(",", ";")))


@dataclass(frozen=True, slots=True)
class RouteLimit:
    """Extra windows for the POST requests whose path matches `pattern`, counted under `name`."""

    name: str
    pattern: re.Pattern[str]
    limits: tuple[RateLimitItem, ...]


# The routes with windows of their own, by the setting that configures them.
_ROUTE_PATTERNS = {
    "uploads": r"^/api/v2/workspaces/[^/]+/attachments/(file|url)/?$",
    "signin": r"^/(signin|password-reset)(/[^/]*)?/?$",
    "tokens": r"^/(api/v2/profile/tokens|profile/tokens|oauth/token)/?$",
}


def route_limits(settings: Settings) -> list[RouteLimit]:
    """The per-route windows of `settings` (a group set to "off" has none)."""
    specs = {
        "uploads": settings.rate_limit_uploads,
        "signin": settings.rate_limit_signin,
        "tokens": settings.rate_limit_tokens,
    }
    return [
        RouteLimit(name, re.compile(_ROUTE_PATTERNS[name]), tuple(parse_limits(spec)))
        for name, spec in specs.items()
        if parse_limits(spec)
    ]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:32]


def client_key(scope: Scope, session_cookie: str | None = None) -> str:
    """The credential authentication will use, hashed (never stored in clear): the token, else
    the browser session named by the `session_cookie` cookie (each signed-in browser has its own
    budget, as a token has); for anonymous calls and calls with conflicting credentials (refused
    after being counted), the address. The order is authentication's: a token wins."""
    headers = scope.get("headers", [])
    try:
        token = request_credential(headers)
    except ConflictingCredentials:
        return "a:" + _address(scope)
    if token:
        return "t:" + _digest(token)
    session = request_session(headers, session_cookie) if session_cookie else None
    if session:
        return "s:" + _digest(session)
    return "a:" + _address(scope)


def _address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: list[RateLimitItem],
        storage: Storage,
        session_cookie: str | None = None,
        routes: list[RouteLimit] | None = None,
        store_retry_seconds: float = 5.0,
    ) -> None:
        self.app = app
        self.limits = limits
        self.routes = routes or []
        self.limiter = ResilientLimiter(FixedWindowRateLimiter, storage, retry_seconds=store_retry_seconds)
        self.session_cookie = session_cookie

    def _windows(self, scope: Scope, key: str) -> list[tuple[RateLimitItem, str]]:
        """Every window this request counts against, with the counter it is counted under: the
        global ones for the API, plus those of a route with limits of its own."""
        path = scope["path"]
        windows = [(item, key) for item in self.limits] if path.startswith("/api/") else []
        if scope.get("method") == "POST":
            for route in self.routes:
                if route.pattern.match(path):
                    windows += [(item, f"{route.name}:{key}") for item in route.limits]
        return windows

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_api = scope["path"].startswith("/api/")
        key = client_key(scope, self.session_cookie)
        windows = self._windows(scope, key)
        if not windows:
            await self.app(scope, receive, send)
            return
        failures = "f:" + _address(scope)
        counts_failures = is_api and bool(self.limits) and key.startswith(_CREDENTIAL_KEYS)
        if counts_failures and not await self._may_try(failures):
            # This address has failed authentication too often: no token or session of it is tried.
            await self._refuse(scope, send, failures)
            return
        results = []
        for item, counter in windows:
            hit, stats = await self.limiter.hit_with_stats(item, counter)
            results.append((hit, stats.remaining, item.amount, stats.reset_time))
        denied = [r for r in results if not r[0]]
        allowed = not denied
        # Report the window that refused (longest wait), else the one closest to refusing.
        _, remaining, limit, reset_at = (
            max(denied, key=lambda r: r[3]) if denied else min(results, key=lambda r: (r[1], r[2]))
        )
        headers = [
            (b"x-ratelimit-limit", str(limit).encode()),
            (b"x-ratelimit-remaining", str(max(remaining, 0)).encode()),
            (b"x-ratelimit-reset", str(math.ceil(reset_at)).encode()),
        ]
        if not allowed:
            retry = max(1, math.ceil(reset_at - time.time()))
            error = TooManyRequests(headers={"Retry-After": str(retry)})
            metrics.RATE_LIMITED.inc()
            error.headers.update({k.decode(): v.decode() for k, v in headers})
            await send_error(send, error)  # the request id is added by RequestIdMiddleware
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
                if message.get("status") == 401 and counts_failures:
                    for item in self.limits:
                        await self.limiter.hit(item, failures)
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _may_try(self, failures: str) -> bool:
        for item in self.limits:
            if not await self.limiter.test(item, failures):
                return False
        return True

    async def _refuse(self, scope: Scope, send: Send, key: str) -> None:
        reset_at = max([(await self.limiter.get_window_stats(item, key)).reset_time for item in self.limits])
        error = TooManyRequests(headers={"Retry-After": str(max(1, math.ceil(reset_at - time.time())))})
        metrics.RATE_LIMITED.inc()
        await send_error(send, error)
