"""A small closed-loop HTTP load generator (httpx, asyncio): `concurrency` clients send requests
back to back for `duration` seconds; reports requests/s and latency percentiles."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

# (method, url, json body or None)
RequestSpec = tuple[str, str, Any]


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))
        return ordered[index]

    def row(self) -> str:
        return (
            f"{self.name:<34} {self.rps:>9.1f} {self.percentile(50):>9.2f} {self.percentile(99):>9.2f}"
            f" {statistics.fmean(self.latencies_ms) if self.latencies_ms else 0:>9.2f} {self.errors:>6}"
        )


HEADER = f"{'request':<34} {'req/s':>9} {'p50 ms':>9} {'p99 ms':>9} {'mean ms':>9} {'errors':>6}"


async def run(
    name: str,
    base_url: str,
    headers: dict[str, str],
    make_request: Callable[[int], RequestSpec],
    *,
    concurrency: int,
    duration: float,
    expect: int = 200,
) -> Result:
    latencies: list[float] = []
    errors = 0
    counter = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, headers=headers, limits=limits, timeout=60) as client:
        # Warm-up: one request per connection, not measured.
        await asyncio.gather(*(client.request(*_split(make_request(i))) for i in range(concurrency)))
        deadline = time.perf_counter() + duration

        async def worker() -> None:
            nonlocal errors, counter
            while time.perf_counter() < deadline:
                counter += 1
                method, url, body = make_request(counter)
                started = time.perf_counter()
                response = await client.request(method, url, json=body)
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != expect:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Result(name, len(latencies), errors, elapsed, latencies)


def _split(spec: RequestSpec) -> tuple[str, str]:
    return spec[0], spec[1]
