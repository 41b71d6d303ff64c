"""When to retry a request and how long to wait first: pure decisions, shared by both clients.

- 429: wait what the API says (`Retry-After`, else `X-RateLimit-Reset`), then retry, for any
  method: a refused request did nothing.
- 502, 503, 504 and transport errors (connection reset, timeout): retry reads always; retry writes
  only with an `Idempotency-Key` (the client sets one per write, the same on each attempt), so an
  API that applied the first attempt answers the retry with the stored answer instead of applying
  it twice (`Idempotent-Replayed: true`).
- 409 `general/idempotency-key-in-use` (a retry overtook its first attempt, still running): wait
  and retry with the same key, to get the first attempt's answer.
- Waits back off exponentially (0.5 s, 1 s, 2 s, ... with jitter) when the API names no wait, and
  never exceed `max_wait`: a longer wait is not taken, the error is raised instead.

Pacing: when a response says `X-RateLimit-Remaining: 0`, the next request waits for the window's
reset instead of spending a round trip on a certain 429 (see `RateLimitState`).
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass

import httpx

RETRY_STATUSES = frozenset({429, 502, 503, 504})
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Retries:
    """`max_retries` attempts after the first; `max_wait` caps one wait (seconds);
    `idempotency_keys`: send an `Idempotency-Key` with each write (and so retry writes)."""

    max_retries: int = 3
    backoff: float = 0.5
    max_wait: float = 60.0
    idempotency_keys: bool = True


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


def header_seconds(response: httpx.Response, now: float | None = None) -> float | None:
    """The wait a response asks for: `Retry-After` (seconds), else `X-RateLimit-Reset` (epoch)."""
    retry_after = response.headers.get("retry-after")
    if retry_after is not None:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            pass
    reset = response.headers.get("x-ratelimit-reset")
    if reset is not None:
        try:
            return max(0.0, float(reset) - (time.time() if now is None else now))
        except ValueError:
            pass
    return None


def backoff_seconds(policy: Retries, attempt: int) -> float:
    base: float = policy.backoff * (2**attempt)
    return float(min(policy.max_wait, base * (0.75 + random.random() / 2)))


def may_retry(policy: Retries, method: str, attempt: int, *, keyed: bool) -> bool:
    """Another attempt is allowed: retries left, and the request is safe to repeat."""
    if attempt >= policy.max_retries:
        return False
    return method not in WRITE_METHODS or keyed


def key_in_use(response: httpx.Response) -> bool:
    """409 `general/idempotency-key-in-use`: the first attempt of this write is still running."""
    if response.status_code != 409:
        return False
    try:
        return bool(response.json().get("code") == "general/idempotency-key-in-use")
    except (ValueError, AttributeError):
        return False


def wait_after_response(policy: Retries, response: httpx.Response, attempt: int) -> float | None:
    """Seconds to wait before retrying `response`, or None when it must not be retried."""
    if key_in_use(response):
        return backoff_seconds(policy, attempt)
    if response.status_code not in RETRY_STATUSES:
        return None
    asked = header_seconds(response)
    if asked is None:
        return backoff_seconds(policy, attempt)
    return asked if asked <= policy.max_wait else None


@dataclass
class RateLimitState:
    """The last `X-RateLimit-*` figures seen; `pause()` is how long to hold the next request."""

    remaining: int | None = None
    reset_at: float | None = None
    limit: int | None = None

    def observe(self, response: httpx.Response) -> None:
        headers = response.headers
        try:
            if "x-ratelimit-remaining" in headers:
                self.remaining = int(headers["x-ratelimit-remaining"])
            if "x-ratelimit-limit" in headers:
                self.limit = int(headers["x-ratelimit-limit"])
            if "x-ratelimit-reset" in headers:
                self.reset_at = float(headers["x-ratelimit-reset"])
        except ValueError:
            return

    def pause(self, max_wait: float, now: float | None = None) -> float:
        if self.remaining != 0 or self.reset_at is None:
            return 0.0
        wait = self.reset_at - (time.time() if now is None else now)
        if wait <= 0:
            self.remaining = None
            return 0.0
        return min(wait, max_wait)
