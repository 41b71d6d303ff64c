"""Rate limits per token or browser session (per client address when anonymous), every
configured window.

Failed authentications are counted per client address as well, whatever token or session cookie
they carried: otherwise each guessed token (or made-up cookie) would get a fresh budget of its own.
An address that used up that budget gets 429 for any token or session until the window ends.
Requests that authenticate are never counted there.

Uses the `limits` package: in-process memory by default, Redis when OPENINFINITY_REDIS_URL is set
so several server processes share one budget. Every API response carries X-RateLimit-* headers.
"""

from __future__ import annotations

import hashlib
import math
import time

from limits import RateLimitItem, parse_many
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openinfinity.core import metrics
from openinfinity.core.credentials import (
    ConflictingCredentials,
    request_credential,
    request_session,
)
from openinfinity.core.dialects import send_error
from openinfinity.core.errors import TooManyRequests

# Keys of requests that carry a credential (a token, a session cookie): a 401 answered to one of
# them is a failed authentication of the address (a valid credential is never answered 401).
_CREDENTIAL_KEYS = ("t:", "s:")


def make_storage(redis_url: str | None) -> Storage:
    if redis_url:
        return RedisStorage(redis_url.replace("redis://", "async+redis://", 1), implementation="redispy")
    return MemoryStorage()


def parse_limits(spec: str) -> list[RateLimitItem]:
    """The windows of `spec`; none for "off" (a proxy in front limits requests)."""
    if spec.strip().lower() == "off":
        return []
    return list(parse_many(spec.replace(",", ";")))


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
    ) -> None:
        self.app = app
        self.limits = limits
        self.limiter = FixedWindowRateLimiter(storage)
        self.session_cookie = session_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/") or not self.limits:
            await self.app(scope, receive, send)
            return
        key = client_key(scope, self.session_cookie)
        failures = "f:" + _address(scope)
        if key.startswith(_CREDENTIAL_KEYS) and not await self._may_try(failures):
            # This address has failed authentication too often: no token or session of it is tried.
            await self._refuse(scope, send, failures)
            return
        results = []
        for item in self.limits:
            hit = await self.limiter.hit(item, key)
            stats = await self.limiter.get_window_stats(item, key)
            results.append((hit, stats.remaining, item.amount, stats.reset_time))
        denied = [r for r in results if not r[0]]
        allowed = not denied
        # Report the window that refused (longest wait), else the one closest to refusing.
        _, remaining, limit, reset_at = (
            max(denied, key=lambda r: r[3]) if denied else min(results, key=lambda r: r[1])
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
                if message.get("status") == 401 and key.startswith(_CREDENTIAL_KEYS):
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
