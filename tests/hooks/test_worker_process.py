"""`openinfinity worker` as real processes: killed mid-burst it loses nothing; two of them on
PostgreSQL never make the same attempt twice."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from standardwebhooks import Webhook

import openinfinity
from openinfinity.app import create_app
from openinfinity.hooks.models import HookAttempt, HookDelivery
from tests import conftest, factories, factories_hooks
from tests.conftest import BACKENDS, POSTGRES_URL
from tests.databases import drop_postgres_database, fresh_database_url
from tests.hooks.receiver import Receiver, Reply
from tests.hooks.test_routes import hooks_path

SRC = Path(openinfinity.__file__).resolve().parent.parent
WORKER_ENV = {
    "OPENINFINITY_ALLOW_PRIVATE_URLS": "true",
    "OPENINFINITY_WEBHOOK_TIMEOUT": "2",
    "OPENINFINITY_WEBHOOK_LEASE_MARGIN": "0.5",
    "OPENINFINITY_WEBHOOK_POLL_INTERVAL": "0.02",
    "OPENINFINITY_WEBHOOK_RETRY_DELAYS": "0.2,0.2",
    "OPENINFINITY_WEBHOOK_BATCH_SIZE": "10",
    "OPENINFINITY_LOG_LEVEL": "warning",
}


async def start_worker(database_url: str) -> asyncio.subprocess.Process:
    env = {**os.environ, **WORKER_ENV, "PYTHONPATH": str(SRC), "OPENINFINITY_DATABASE_URL": database_url}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from openinfinity.cli.main import app; app()",
        "worker",
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
    )


async def stop_worker(process: asyncio.subprocess.Process) -> None:
    """SIGTERM: the worker finishes its batch and exits cleanly (a killed one stays killed)."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 10)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError("the worker did not stop on SIGTERM") from None
        assert process.returncode == 0


@pytest.fixture(params=BACKENDS)
async def own_app(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[FastAPI]:
    """A database of its own, so only this test's events flow through the worker."""
    url = await fresh_database_url(request.param, tmp_path)
    application = create_app(conftest.test_settings(url, allow_private_urls=True))
    yield application
    await application.state.db.dispose()
    if request.param == "postgres":
        await drop_postgres_database(url)


async def create_hook(
    app: FastAPI, account: factories.Account, board_id: str, url: str, events: list[str]
) -> dict:
    import httpx

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.post(
            hooks_path(account, board_id), json={"url": url, "events": events}, headers=account.headers
        )
    assert response.status_code == 201, response.text
    return dict(response.json())


def assert_item_order(requests: list, key: str = "item") -> None:
    """Per item, the first arrival of each event is in recording order (retries may repeat)."""
    firsts: dict[str, list[int]] = defaultdict(list)
    seen: set[tuple[str, int]] = set()
    for request in requests:
        item, n = request.payload[key], request.payload["n"]
        if (item, n) not in seen:
            seen.add((item, n))
            firsts[item].append(n)
    for item, order in firsts.items():
        assert order == sorted(order), f"events of {item} arrived out of order: {order}"


async def test_worker_killed_mid_burst_loses_nothing(own_app: FastAPI, receiver: Receiver) -> None:
    app = own_app
    owner = await factories.account(app)
    board_a = await factories_hooks.board(app, owner, name="A")
    board_b = await factories_hooks.board(app, owner, name="B")
    hook_a = await create_hook(app, owner, board_a, receiver.url("a"), ["item.updated", "value.created"])
    hook_b = await create_hook(app, owner, board_b, receiver.url("b"), ["item.updated"])
    await create_hook(app, owner, board_a, receiver.url("c"), ["comment.created"])
    for name in ("a", "b", "c"):
        receiver.default(name, Reply(delay=0.005))

    expected: dict[str, set[str]] = {"a": set(), "b": set()}

    async def burst(start: int, stop: int) -> None:
        for n in range(start, stop):
            board, name = (board_b, "b") if n % 4 == 0 else (board_a, "a")
            item = f"{name}-item-{n % 10}"
            event = "value.created" if n % 3 == 0 and name == "a" else "item.updated"
            payload = {"id": f"e{n}", "object": "item", "board_id": board, "item": item, "n": n}
            await factories_hooks.record(app, owner, board, event, payload, item_id=item)
            expected[name].add(f"e{n}")

    worker = await start_worker(app.state.settings.database_url)
    try:
        await burst(0, 60)
        await receiver.wait_for(15, within=20)
        worker.send_signal(signal.SIGKILL)
        await worker.wait()
        delivered_before_kill = len(receiver.requests)
        await burst(60, 100)
        assert delivered_before_kill < 100, "the kill must land in the middle of the burst"
        worker = await start_worker(app.state.settings.database_url)

        def all_delivered() -> bool:
            return all({r.payload["id"] for r in receiver.at(name)} == ids for name, ids in expected.items())

        await receiver.wait_until(all_delivered, within=30)
    finally:
        await stop_worker(worker)

    assert receiver.at("c") == []
    for name, hook, board in (("a", hook_a, board_a), ("b", hook_b, board_b)):
        verifier = Webhook(hook["secret"])
        for request in receiver.at(name):
            assert request.payload["board_id"] == board  # nothing of another hook's board leaked
            verifier.verify(request.body, request.headers)
        assert_item_order(receiver.at(name))


@pytest.mark.skipif(not POSTGRES_URL, reason="needs OPENINFINITY_TEST_POSTGRES_URL")
async def test_two_workers_on_postgres_never_repeat_an_attempt(tmp_path: Path, receiver: Receiver) -> None:
    url = await fresh_database_url("postgres", tmp_path)
    app = create_app(conftest.test_settings(url, allow_private_urls=True))
    workers: list[asyncio.subprocess.Process] = []
    try:
        owner = await factories.account(app)
        board_id = await factories_hooks.board(app, owner)
        await create_hook(app, owner, board_id, receiver.url("a"), ["item.updated"])
        receiver.default("a", Reply(delay=0.002))
        total = 120
        async with app.state.db.transaction() as session:
            from openinfinity.core import events

            for n in range(total):
                item = f"item-{n % 40}"
                payload = {"id": f"e{n}", "object": "item", "item": item, "n": n}
                events.record(
                    session,
                    "item.updated",
                    workspace_id=owner.workspace_id,
                    board_id=board_id,
                    payload=payload,
                    item_id=item,
                )
        workers = list(await asyncio.gather(start_worker(url), start_worker(url)))
        await receiver.wait_for(total, "a", within=30)
        await asyncio.sleep(0.5)  # time for any duplicate to show up
    finally:
        for worker in workers:
            await stop_worker(worker)

    requests = receiver.at("a")
    assert len(requests) == total
    assert len({r.headers["webhook-id"] for r in requests}) == total
    assert {r.payload["id"] for r in requests} == {f"e{n}" for n in range(total)}
    assert_item_order(requests)
    async with app.state.db.transaction(write=False) as session:
        attempts = await session.scalar(select(func.count()).select_from(HookAttempt))
        repeated = await session.scalar(
            select(func.count()).select_from(HookAttempt).where(HookAttempt.attempt > 1)
        )
        statuses = (
            await session.execute(select(HookDelivery.status, func.count()).group_by(HookDelivery.status))
        ).all()
    assert attempts == total
    assert repeated == 0
    assert dict(statuses) == {"succeeded": total}
    await app.state.db.dispose()
    await drop_postgres_database(url)
