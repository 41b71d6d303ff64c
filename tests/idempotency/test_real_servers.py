"""Idempotency-Key against real `openinfinity serve` processes: a client that retries (in turn
or at once) creates one item, and two client processes racing one key through two server
processes sharing the database create one item."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from tests.factories import Account
from tests.factories_items import BoardSetup, board_setup
from tests.servers import cli_env, running_server

# One client process: wait for the shared start time, send the request, print status and header.
RACER = """
import json, sys, time, httpx
url, body, headers, start = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), float(sys.argv[4])
time.sleep(max(0.0, start - time.time()))
r = httpx.post(url, json=body, headers=headers, timeout=30)
data = r.json()
print(json.dumps([r.status_code, r.headers.get("idempotent-replayed"), data.get("id"), data.get("code")]))
"""


def _body(setup: BoardSetup) -> dict[str, Any]:
    values = {"Name": "retry", "Notes": "<p>notes</p>", "Cost": 12, "Email": "a@example.com", "Done": True}
    return {
        "folder_id": setup.folder_id,
        "values": [{"attribute_id": setup.attr(k), "data": v} for k, v in values.items()],
    }


def _items(base: str, setup: BoardSetup) -> list[str]:
    response = httpx.get(base + setup.url("/items"), params={"limit": 100}, headers=setup.headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["data"]]


async def test_a_retrying_client_creates_one_item(
    app: FastAPI, owner: Account, database_url: str, tmp_path: Path
) -> None:
    setup = await board_setup(app, owner)
    await asyncio.to_thread(_retries, setup, database_url, tmp_path)


def _retries(setup: BoardSetup, database_url: str, tmp_path: Path) -> None:
    headers = {**setup.headers, "Idempotency-Key": "retry-after-timeout"}
    with running_server(cli_env(database_url), tmp_path, log=tmp_path / "server.log") as base:
        url = base + setup.url("/items")
        # The client gave up waiting and sends the request again: the write happened once.
        first = httpx.post(url, json=_body(setup), headers=headers, timeout=30)
        second = httpx.post(url, json=_body(setup), headers=headers, timeout=30)
        assert first.status_code == second.status_code == 201, (first.text, second.text)
        assert second.headers["idempotent-replayed"] == "true"
        assert second.json() == first.json()
        assert _items(base, setup) == [first.json()["id"]]

        # Retries sent while the first is still running: one runs, the others replay or wait.
        headers = {**setup.headers, "Idempotency-Key": "retry-at-once"}
        with ThreadPoolExecutor(4) as pool:
            responses = list(
                pool.map(lambda _: httpx.post(url, json=_body(setup), headers=headers, timeout=30), range(4))
            )
        ran = [r for r in responses if r.status_code == 201 and "idempotent-replayed" not in r.headers]
        assert len(ran) == 1, [(r.status_code, r.text) for r in responses]
        for response in responses:
            if response.status_code == 409:
                assert response.json()["code"] == "general/idempotency-key-in-use"
            else:
                assert response.status_code == 201 and response.json()["id"] == ran[0].json()["id"]
        assert sorted(_items(base, setup)) == sorted([first.json()["id"], ran[0].json()["id"]])


async def test_two_processes_racing_one_key_create_one_item(
    app: FastAPI, owner: Account, database_url: str, tmp_path: Path
) -> None:
    setup = await board_setup(app, owner)
    await asyncio.to_thread(_race, setup, database_url, tmp_path)


def _race(setup: BoardSetup, database_url: str, tmp_path: Path) -> None:
    env = cli_env(database_url)
    with (
        running_server(env, tmp_path, log=tmp_path / "a.log") as one,
        running_server(env, tmp_path, log=tmp_path / "b.log") as two,
    ):
        for round_ in range(3):
            headers = {**setup.headers, "Idempotency-Key": f"race-{round_}"}
            start = time.time() + 1.0
            racers = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        RACER,
                        base + setup.url("/items"),
                        json.dumps(_body(setup)),
                        json.dumps(headers),
                        str(start),
                    ],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                for base in (one, two)
            ]
            results = [json.loads(p.communicate(timeout=60)[0]) for p in racers]
            ran = [r for r in results if r[0] == 201 and r[1] is None]
            assert len(ran) == 1, results
            for status, _replayed, item_id, code in results:
                assert (status, code) == (409, "general/idempotency-key-in-use") or (
                    status == 201 and item_id == ran[0][2]
                ), results
        assert len(_items(one, setup)) == 3
