"""Sending one API request: pacing by the rate-limit headers, retries, idempotency keys, errors."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from infinity_client._errors import TimeoutError, TransportError, error_for
from infinity_client._retry import (
    WRITE_METHODS,
    RateLimitState,
    Retries,
    backoff_seconds,
    may_retry,
    new_idempotency_key,
    wait_after_response,
)

logger = logging.getLogger("infinity_client")


class AsyncTransport:
    """Wraps an `httpx.AsyncClient`; `send` returns a successful response or raises."""

    def __init__(self, http: httpx.AsyncClient, retries: Retries) -> None:
        self.http = http
        self.retries = retries
        self.rate_limit = RateLimitState()

    async def send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        data: dict[str, str] | None = None,
        files: Any = None,
        headers: dict[str, str] | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        headers = dict(headers or {})
        if method in WRITE_METHODS and self.retries.idempotency_keys:
            # One key for every attempt of this call: a retry of an applied write is replayed.
            headers.setdefault("Idempotency-Key", new_idempotency_key())
        keyed = "Idempotency-Key" in headers
        attempt = 0
        while True:
            pause = self.rate_limit.pause(self.retries.max_wait)
            if pause:
                logger.info("rate limit window used up, waiting %.1f s", pause)
                await asyncio.sleep(pause)
            request = self.http.build_request(
                method, url, params=params, json=json, data=data, files=files, headers=headers
            )
            if headers.get("Authorization") == "":
                del request.headers["Authorization"]  # a link to another origin gets no token
            try:
                response = await self.http.send(request, stream=stream)
            except httpx.TransportError as exc:
                if not may_retry(self.retries, method, attempt, keyed=keyed):
                    kind = TimeoutError if isinstance(exc, httpx.TimeoutException) else TransportError
                    raise kind(f"{method} {url}: {exc!r}") from exc
                wait = backoff_seconds(self.retries, attempt)
                logger.info("%s %s failed (%r), retry in %.1f s", method, url, exc, wait)
                await asyncio.sleep(wait)
                attempt += 1
                continue
            self.rate_limit.observe(response)
            if response.is_success:
                if response.headers.get("idempotent-replayed") == "true":
                    logger.info(
                        "%s %s: the server replayed the stored answer of an earlier attempt", method, url
                    )
                return response
            if stream:
                await response.aread()
            wait_for = wait_after_response(self.retries, response, attempt)
            retryable = response.status_code == 429 or method not in WRITE_METHODS or keyed
            if wait_for is None or not retryable or attempt >= self.retries.max_retries:
                raise error_for(response)
            logger.info("%s %s answered %s, retry in %.1f s", method, url, response.status_code, wait_for)
            await response.aclose()
            await asyncio.sleep(wait_for)
            attempt += 1
