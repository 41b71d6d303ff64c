"""Politeness towards a source API: never more than `per_minute` requests, spaced evenly; when
the source's X-RateLimit-Remaining reaches 0, wait for its X-RateLimit-Reset; on 429 wait for
Retry-After (else the reset, else a back-off) and try again. Network errors and 5xx answers are
retried with exponential back-off before the run gives up (a rerun then resumes)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

import httpx

log = logging.getLogger(__name__)

RETRIES = 6
FIRST_BACKOFF = 1.0
MAX_WAIT = 120.0


class SourceError(Exception):
    """The source answered with an error we cannot get past; the message says which.
    `transient`: the source was unreachable or overloaded (a rerun later resumes); otherwise it
    refused (a wrong token, URL or workspace id) and a rerun needs other arguments."""

    def __init__(self, message: str, *, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class Pacer:
    def __init__(
        self,
        per_minute: float,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute > 0 else 0.0
        self.sleep = sleep
        self.clock = clock
        self.next_at = 0.0
        self.requests = 0
        self.waited_429 = 0  # 429 answers received (the source's limit was lower than ours)
        self.waited_seconds = 0.0

    async def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self.waited_seconds += seconds
            await self.sleep(seconds)

    async def send(self, call: Callable[[], Awaitable[httpx.Response]]) -> httpx.Response:
        """`call()` when the pace allows, retried as the module docstring says."""
        backoff = FIRST_BACKOFF
        for attempt in range(RETRIES + 1):
            await self._wait(self.next_at - self.clock())
            self.next_at = max(self.clock(), self.next_at) + self.interval
            self.requests += 1
            try:
                response = await call()
            except httpx.TransportError as exc:
                if attempt == RETRIES:
                    raise SourceError(f"the source cannot be reached: {exc!r}") from None
                log.warning("source unreachable (%r); retrying in %.0f s", exc, backoff)
                await self._wait(backoff)
                backoff = min(backoff * 2, MAX_WAIT)
                continue
            if response.status_code == 429:
                self.waited_429 += 1
                wait = _retry_after(response) or backoff
                log.info("source says 429; waiting %.1f s", wait)
                await self._wait(min(wait, MAX_WAIT))
                backoff = min(backoff * 2, MAX_WAIT)
                continue
            if response.status_code >= 500 and attempt < RETRIES:
                await self._wait(backoff)
                backoff = min(backoff * 2, MAX_WAIT)
                continue
            self._follow_headers(response)
            return response
        raise SourceError("the source kept refusing (429 or 5xx) after several retries")

    def _follow_headers(self, response: httpx.Response) -> None:
        remaining = _number(response.headers.get("x-ratelimit-remaining"))
        reset = _number(response.headers.get("x-ratelimit-reset"))
        if remaining is not None and remaining <= 0 and reset is not None:
            # Reset is an epoch second (ours and the hosted API's); a small number is a delay.
            delay = reset - time.time() if reset > 1e9 else reset
            self.next_at = max(self.next_at, self.clock() + min(max(delay, 0.0), MAX_WAIT))


def _number(raw: str | None) -> float | None:
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


def _retry_after(response: httpx.Response) -> float | None:
    seconds = _number(response.headers.get("retry-after"))
    if seconds is not None:
        return max(seconds, 0.0)
    reset = _number(response.headers.get("x-ratelimit-reset"))
    if reset is not None and reset > 1e9:
        return max(reset - time.time(), 0.0)
    return None
