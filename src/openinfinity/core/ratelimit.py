"""Rate limits per token or browser session (per client address when anonymous), every
configured window.

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
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openinfinity.core import metrics
from openinfinity.core.dialects import send_error
from openinfinity.core.errors import TooManyRequests


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
    """The bearer token (hashed, never stored in clear); else the browser session named by the
    `session_cookie` cookie (hashed; each signed-in browser has its own budget, as a token has);
    else, for anonymous calls, the address. The order is authentication's: a token wins."""
    token = None
    cookie_header = None
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            parts = bytes(value).decode("latin-1").strip().split(None, 1)
            if len(parts) == 2 and parts[0].lower() == "bearer":
                token = parts[1].strip()
        elif key == b"x-api-token":
            token = bytes(value).decode("latin-1").strip()
        elif key == b"cookie":
            cookie_header = bytes(value).decode("latin-1")
        if token:
            return "t:" + _digest(token)
    if session_cookie and cookie_header:
        session = cookie_parser(cookie_header).get(session_cookie)
        if session:
            return "s:" + _digest(session)
    client = scope.get("client")
    return "a:" + (client[0] if client else "unknown")


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
            request_id = scope.get("state", {}).get("request_id", "")
            await send_error(send, error, request_id)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)
