"""The Prometheus metrics, defined once; modules record into them, `/metrics` exposes them.

Several worker processes add up through prometheus-client's multiprocess mode: `serve` points
PROMETHEUS_MULTIPROC_DIR at a fresh directory before the workers start (see `multiprocess_dir`),
each process writes its values there, and the scraped process reads them all. Without it (tests,
one process) the default registry of the process is used.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from sqlalchemy.pool import Pool, QueuePool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

REQUESTS = Counter(
    "openinfinity_http_requests_total",
    "HTTP requests by route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "openinfinity_http_request_duration_seconds",
    "Time to the end of the response, by route template",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
IN_FLIGHT = Gauge(
    "openinfinity_http_requests_in_flight", "Requests being answered", multiprocess_mode="livesum"
)
DB_POOL_CHECKED_OUT = Gauge(
    "openinfinity_db_pool_checked_out", "Database connections in use", multiprocess_mode="livesum"
)
DB_POOL_SIZE = Gauge(
    "openinfinity_db_pool_size", "Database connections kept open", multiprocess_mode="livesum"
)
OUTBOX_BACKLOG = Gauge(
    "openinfinity_outbox_backlog", "Outbox events not yet fanned out to hooks", multiprocess_mode="mostrecent"
)
DELIVERIES_OPEN = Gauge(
    "openinfinity_webhook_deliveries_open",
    "Webhook deliveries pending or sending",
    multiprocess_mode="mostrecent",
)
WEBHOOK_ATTEMPTS = Counter("openinfinity_webhook_attempts_total", "Webhook delivery attempts", ["result"])
CHANGE_STREAMS = Gauge(
    "openinfinity_change_streams_open", "Change-feed event streams open", multiprocess_mode="livesum"
)
RATE_LIMITED = Counter("openinfinity_rate_limit_refusals_total", "Requests refused with 429")
RATE_LIMIT_STORE_ERRORS = Counter(
    "openinfinity_rate_limit_store_errors_total",
    "Rate-limit store (Redis) calls that failed; the process counted in memory instead",
)


def multiprocess_dir() -> Path:
    """A fresh directory for the workers' values (stale files would add old counts)."""
    path = Path(tempfile.mkdtemp(prefix="openinfinity-metrics-"))
    os.environ[MULTIPROC_ENV] = str(path)
    return path


def records_into(path: Path) -> bool:
    """Whether this process writes its values into `path` (chosen when prometheus-client was
    imported, from the environment: a process that must share has to start with it set)."""
    return os.environ.get(MULTIPROC_ENV) == str(path)


def remove_multiprocess_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def process_exiting() -> None:
    """Drop this process's live gauges (in-flight requests, open streams, pool) from the sum, so a
    worker that exits (or is replaced after a crash) does not leave its last values behind."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def exposition() -> bytes:
    """The text format of every metric, of all worker processes when in multiprocess mode."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest()


def route_template(scope: Scope) -> str:
    """The matched route's path template (bounded label values), or "unmatched"."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, *, pool: Pool) -> None:
        self.app = app
        self.pool = pool
        # The labelled series by their labels: `labels()` takes a lock and builds its key on
        # every call; the set of (method, route, status) a server sees is small and bounded.
        self._counts: dict[tuple[str, str, str], Any] = {}
        self._latencies: dict[tuple[str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        IN_FLIGHT.inc()
        if isinstance(self.pool, QueuePool):
            DB_POOL_CHECKED_OUT.set(self.pool.checkedout())
            DB_POOL_SIZE.set(self.pool.size())
        try:
            await self.app(scope, receive, send_and_note)
        finally:
            IN_FLIGHT.dec()
            route = route_template(scope)
            method = str(scope.get("method", ""))
            elapsed = time.perf_counter() - started
            key = (method, route, str(status))
            count = self._counts.get(key)
            if count is None:
                count = self._counts[key] = REQUESTS.labels(*key)
            count.inc()
            latency = self._latencies.get(key[:2])
            if latency is None:
                latency = self._latencies[key[:2]] = LATENCY.labels(method, route)
            latency.observe(elapsed)
