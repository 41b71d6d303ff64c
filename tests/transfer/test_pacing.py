"""The pacer's arithmetic with a fake clock (the real back-off against a real server is proven in
test_import_remote.py): even spacing, Retry-After, an exhausted budget, retries that give up."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import httpx
import pytest

from openinfinity.transfer.pacing import RETRIES, Pacer, SourceError


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def _answers(*responses: httpx.Response | Exception) -> Callable[[], Awaitable[httpx.Response]]:
    queue = list(responses)

    async def call() -> httpx.Response:
        item = queue.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    return call


async def test_requests_are_spaced_to_the_configured_rate() -> None:
    fake = FakeTime()
    pacer = Pacer(60, sleep=fake.sleep, clock=fake.clock)
    call = _answers(*(httpx.Response(200) for _ in range(3)))
    for _ in range(3):
        await pacer.send(call)
    assert fake.slept == [1.0, 1.0] and pacer.requests == 3


async def test_429_waits_for_retry_after_then_succeeds() -> None:
    fake = FakeTime()
    pacer = Pacer(100_000, sleep=fake.sleep, clock=fake.clock)
    call = _answers(httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200))
    response = await pacer.send(call)
    assert response.status_code == 200
    assert pacer.waited_429 == 1 and 7.0 in fake.slept


async def test_an_exhausted_budget_waits_for_the_reset() -> None:
    fake = FakeTime()
    pacer = Pacer(100_000, sleep=fake.sleep, clock=fake.clock)
    reset = str(int(time.time()) + 5)
    call = _answers(
        httpx.Response(200, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}),
        httpx.Response(200),
    )
    await pacer.send(call)
    await pacer.send(call)
    assert fake.slept and 3.5 < fake.slept[-1] <= 5.0


async def test_an_unreachable_source_is_retried_then_given_up() -> None:
    fake = FakeTime()
    pacer = Pacer(100_000, sleep=fake.sleep, clock=fake.clock)
    call = _answers(*(httpx.ConnectError("refused") for _ in range(RETRIES + 1)))
    with pytest.raises(SourceError, match="cannot be reached"):
        await pacer.send(call)
    assert pacer.requests == RETRIES + 1
    assert fake.slept[:3] == [1.0, 2.0, 4.0]
