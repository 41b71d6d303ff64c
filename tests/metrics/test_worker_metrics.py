"""Deliveries made by a separate `openinfinity worker` process are counted by the server's
/metrics when both share OPENINFINITY_METRICS_DIR (real server, real worker, real receiver)."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.hooks.receiver import Receiver
from tests.metrics.test_metrics import sample
from tests.servers import CLI, cli_env, cli_json, running_server

ATTEMPTS = "openinfinity_webhook_attempts_total"


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    yield server
    await server.stop()


async def _scrape(base: str) -> str:
    async with httpx.AsyncClient() as http:
        return (await http.get(f"{base}/metrics")).text


async def test_a_separate_worker_adds_its_deliveries_to_metrics(tmp_path: Path, receiver: Receiver) -> None:
    env = cli_env(
        f"sqlite:///{tmp_path / 'w.db'}",
        OPENINFINITY_METRICS="open",
        OPENINFINITY_METRICS_DIR=str(tmp_path / "metrics"),
        OPENINFINITY_WEBHOOK_DISPATCHER="off",  # only the worker delivers
        OPENINFINITY_ALLOW_PRIVATE_URLS="true",
        OPENINFINITY_WEBHOOK_POLL_INTERVAL="0.05",
        OPENINFINITY_RATE_LIMIT="off",
    )
    boot = ["bootstrap", "--email", "w@example.com", "--name", "W", "--workspace", "W"]
    made = cli_json(boot, env, tmp_path)
    assert isinstance(made, dict)
    headers = {"Authorization": f"Bearer {made['token']}"}
    with running_server(env, tmp_path, log=tmp_path / "server.log") as base:
        ws = f"{base}/api/v2/workspaces/{made['workspace_id']}"
        async with httpx.AsyncClient(headers=headers) as http:
            board = (await http.post(f"{ws}/boards", json={"name": "B"})).json()
            items = f"{ws}/boards/{board['id']}/items"
            folder = (await http.post(f"{ws}/boards/{board['id']}/folders", json={"name": "F"})).json()
            hook = await http.post(
                f"{ws}/boards/{board['id']}/hooks", json={"url": receiver.url(), "events": ["item.created"]}
            )
            assert hook.status_code == 201, hook.text
            assert sample(await _scrape(base), ATTEMPTS, result="success") == 0
            worker_log = (tmp_path / "worker.log").open("w")
            worker = await asyncio.create_subprocess_exec(
                *CLI, "worker", env=env, cwd=tmp_path, stdout=asyncio.subprocess.DEVNULL, stderr=worker_log
            )
            try:
                for _ in range(3):
                    created = await http.post(items, json={"folder_id": folder["id"]})
                    assert created.status_code == 201, created.text
                await receiver.wait_for(3, within=20)
                for _ in range(50):  # the counter is written right after each answer arrives
                    if sample(await _scrape(base), ATTEMPTS, result="success") >= 3:
                        break
                    await asyncio.sleep(0.1)
                assert sample(await _scrape(base), ATTEMPTS, result="success") == 3
            finally:
                os.kill(worker.pid, signal.SIGTERM)
                stopped = await asyncio.wait_for(worker.wait(), 15)
                worker_log.close()
                assert stopped == 0, (tmp_path / "worker.log").read_text()
            # The worker has gone; what it delivered is still counted.
            assert sample(await _scrape(base), ATTEMPTS, result="success") == 3
