"""Where rate-limit counters live, and what happens when that place is unreachable.

In-process memory by default; Redis when OPENINFINITY_REDIS_URL is set, so several server
processes share one budget. Redis is reached with short timeouts (OPENINFINITY_REDIS_TIMEOUT).

When Redis fails (port closed, or a server that accepts and never answers) the limiter does not
fail the request and does not let everything through either: it falls back to counting in this
process's memory (each process then enforces the limit on its own, as without Redis), logs one
warning per outage and counts each failed call in `openinfinity_rate_limit_store_errors_total`.
For `OPENINFINITY_REDIS_RETRY_SECONDS` after a failure Redis is not tried at all, so a silent
Redis costs one timeout per outage window, not one per request. Why this and not "closed" (refuse
every request) or "open" (no limit): a rate limiter is there to protect the service, so it must
not be the thing that takes the whole API down; and the same counters guard sign-in and token
guessing, which must not become unlimited because a cache is down.
"""

from __future__ import annotations

import logging
import time

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import RateLimiter
from limits.errors import StorageError
from limits.util import WindowStats
from redis.exceptions import RedisError

from openinfinity.core import metrics

log = logging.getLogger(__name__)

# What a failing Redis raises through `limits` (wrapped or not) and its socket layer.
STORE_ERRORS = (StorageError, RedisError, OSError, TimeoutError)


def make_storage(redis_url: str | None, *, timeout: float = 0.5) -> Storage:
    if redis_url:
        return RedisStorage(
            redis_url.replace("redis://", "async+redis://", 1),
            implementation="redispy",
            wrap_exceptions=True,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
        )
    return MemoryStorage()


# Window ends remembered before the ended ones are dropped (one per counter and window).
_REMEMBERED_WINDOWS = 10_000


class ResilientLimiter:
    """A `limits` rate limiter (hit, test, window stats) over a shared store, with an in-memory
    fallback while the store is unreachable (see the module docstring)."""

    def __init__(
        self,
        strategy: type[RateLimiter],
        storage: Storage,
        *,
        retry_seconds: float = 5.0,
        name: str = "rate limit",
    ) -> None:
        self.primary = strategy(storage)
        self.fallback = strategy(MemoryStorage()) if not isinstance(storage, MemoryStorage) else None
        self.retry_seconds = retry_seconds
        self.name = name
        self.down_until = 0.0  # monotonic time before which the store is not tried
        # When each counter's current window ends (epoch seconds), for the primary store (True)
        # and the fallback (False): see `hit_with_stats`.
        self._window_ends: dict[bool, dict[str, float]] = {True: {}, False: {}}

    def _current(self) -> RateLimiter:
        if self.fallback is not None and time.monotonic() < self.down_until:
            return self.fallback
        return self.primary

    def _failed(self, exc: BaseException) -> RateLimiter:
        assert self.fallback is not None
        metrics.RATE_LIMIT_STORE_ERRORS.inc()
        log.warning(
            "%s store unreachable (%s: %s); counting in this process for %g s",
            self.name,
            type(exc).__name__,
            str(exc).splitlines()[0] if str(exc) else "no answer",
            self.retry_seconds,
        )
        self.down_until = time.monotonic() + self.retry_seconds
        return self.fallback

    async def hit(self, item: RateLimitItem, key: str) -> bool:
        limiter = self._current()
        try:
            return await limiter.hit(item, key)
        except STORE_ERRORS as exc:
            if limiter is not self.primary or self.fallback is None:
                raise
            return await self._failed(exc).hit(item, key)

    async def hit_with_stats(self, item: RateLimitItem, key: str) -> tuple[bool, WindowStats]:
        """A fixed-window hit and the window's stats after it, in one store call (two on a
        window's first hit): `hit` then `get_window_stats` cost three (incr, get, get_expiry).
        The remaining budget comes from the count the increment returns; the window's end is
        read once per window and remembered, since a fixed window's end does not move until
        the window is over (a key whose remembered end has passed is read again)."""
        limiter = self._current()
        try:
            return await self._hit_with_stats(limiter, item, key)
        except STORE_ERRORS as exc:
            if limiter is not self.primary or self.fallback is None:
                raise
            return await self._hit_with_stats(self._failed(exc), item, key)

    async def _hit_with_stats(
        self, limiter: RateLimiter, item: RateLimitItem, key: str
    ) -> tuple[bool, WindowStats]:
        storage_key = item.key_for(key)
        count = await limiter.storage.incr(storage_key, item.get_expiry())
        ends = self._window_ends[limiter is self.primary]
        now = time.time()
        reset = ends.get(storage_key, 0.0)
        if count == 1 or reset <= now:
            reset = await limiter.storage.get_expiry(storage_key)
            if len(ends) >= _REMEMBERED_WINDOWS:
                for stale in [k for k, end in ends.items() if end <= now]:
                    del ends[stale]
            ends[storage_key] = reset
        return count <= item.amount, WindowStats(reset, max(0, item.amount - count))

    async def test(self, item: RateLimitItem, key: str) -> bool:
        limiter = self._current()
        try:
            return await limiter.test(item, key)
        except STORE_ERRORS as exc:
            if limiter is not self.primary or self.fallback is None:
                raise
            return await self._failed(exc).test(item, key)

    async def get_window_stats(self, item: RateLimitItem, key: str) -> WindowStats:
        limiter = self._current()
        try:
            return await limiter.get_window_stats(item, key)
        except STORE_ERRORS as exc:
            if limiter is not self.primary or self.fallback is None:
                raise
            return await self._failed(exc).get_window_stats(item, key)
