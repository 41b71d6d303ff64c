"""Redis down (issue 20 #9): a closed port, or a server that accepts and never answers. API
requests keep answering quickly (the limiter counts in the process's memory meanwhile, with a
warning and a metric), sign-in pages work, and /health/ready answers 503 naming Redis."""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import free_tcp_port
from tests.factories import Account


@pytest.fixture
def silent_redis() -> Iterator[str]:
    """A TCP listener that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def _closed_port() -> str:
    return f"redis://127.0.0.1:{free_tcp_port()}/0"


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return 0.0


@pytest.mark.parametrize("kind", ["closed", "silent"])
async def test_api_answers_quickly_and_still_limits(
    make_client: Callable[..., Any],
    owner: Account,
    kind: str,
    silent_redis: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    url = _closed_port() if kind == "closed" else silent_redis
    client = await make_client(redis_url=url, rate_limit="5/minute", redis_timeout=0.3, metrics="open")
    before = _metric((await client.get("/metrics")).text, "openinfinity_rate_limit_store_errors_total")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        answers = [await client.get("/api/v2/profile", headers=owner.headers) for _ in range(6)]
    elapsed = time.monotonic() - started
    statuses = [answer.status_code for answer in answers]
    # One timeout for the outage (then Redis is not tried for a while), not one per request.
    assert elapsed < 2.5, elapsed
    # The limit still holds, counted in this process.
    assert statuses == [200] * 5 + [429]
    assert "rate limit store unreachable" in caplog.text
    after = _metric((await client.get("/metrics")).text, "openinfinity_rate_limit_store_errors_total")
    assert after >= before + 1


@pytest.mark.parametrize("kind", ["closed", "silent"])
async def test_readiness_reports_redis_unreachable(
    make_client: Callable[..., Any], kind: str, silent_redis: str
) -> None:
    url = _closed_port() if kind == "closed" else silent_redis
    client = await make_client(redis_url=url, redis_timeout=0.3)
    assert (await client.get("/health")).status_code == 200
    started = time.monotonic()
    ready = await client.get("/health/ready")
    assert time.monotonic() - started < 3.0
    assert ready.status_code == 503
    body = ready.json()
    assert body["code"] == "general/service-unavailable"
    assert body["checks"]["redis"].startswith("redis:") and body["checks"]["database"] == "ok"


async def test_sign_in_page_works_while_redis_is_down(
    make_client: Callable[..., Any], silent_redis: str
) -> None:
    client = await make_client(redis_url=silent_redis, redis_timeout=0.3, rate_limit_signin="10/minute")
    page = await client.get("/signin")
    assert page.status_code == 200
    form = {"email": "nobody@example.com", "password": "wrong-password"}
    csrf = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    refused = await client.post("/signin", data={**form, "csrf_token": csrf})
    assert refused.status_code == 401 and "do not match" in refused.text
