"""Two server processes on one database (SQLite file / PostgreSQL), 50 concurrent clients mixing
reads and writes for a fixed number of requests: no 5xx ("database is locked" must never reach a
client), no lost update when many clients edit different values of one item, and the rate limit
exact across processes with Redis."""

from __future__ import annotations

import asyncio
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.proof.procs import Server, bootstrap, make_board
from tests.servers import cli_env

CLIENTS = 50
REQUESTS_EACH = 8
EDITORS = 10  # clients 0..9 each own one attribute of the shared item
REDIS_URL = os.environ.get("OPENINFINITY_TEST_REDIS_URL")


def _client(
    n: int, bases: list[str], token: str, board: dict[str, Any], shared: str, out: dict[str, Any]
) -> None:
    prefix, attrs = board["prefix"], board["attributes"]
    clients = [
        httpx.Client(base_url=b, headers={"Authorization": f"Bearer {token}"}, timeout=60) for b in bases
    ]
    try:
        for step in range(REQUESTS_EACH):
            http = clients[(n + step) % len(clients)]
            kind = step % 4
            if n < EDITORS and kind in (0, 2):
                tag = f"c{n}-s{step}"
                r = http.patch(
                    f"{prefix}/items/{shared}", json={"values": [{"attribute_id": attrs[n], "data": tag}]}
                )
                if r.status_code == 200:
                    out["last_edit"][n] = tag
            elif kind == 1:
                body = {
                    "folder_id": board["folder_id"],
                    "values": [{"attribute_id": attrs[0], "data": f"new{n}"}],
                }
                r = http.post(f"{prefix}/items", json=body)
                if r.status_code == 201:
                    out["created"].append(r.json()["id"])
            elif kind == 2:
                r = http.get(f"{prefix}/items/{shared}", params={"expand[]": "values"})
            else:
                r = http.get(f"{prefix}/items", params={"limit": 20})
            out["statuses"].append(r.status_code)
            if r.status_code >= 500:
                out["errors"].append(r.text[:200])
    except httpx.TransportError as exc:
        out["errors"].append(repr(exc))


def run_mixed(url: str, tmp: Path) -> None:
    env = cli_env(url, OPENINFINITY_RATE_LIMIT="1000000000/minute")
    boot = bootstrap(env, tmp)
    servers = [Server(env, tmp), Server(env, tmp)]
    try:
        board = make_board(servers[0].base, boot["token"], boot["workspace_id"], attributes=EDITORS)
        with httpx.Client(headers={"Authorization": f"Bearer {boot['token']}"}) as http:
            shared = http.post(
                f"{servers[1].base}{board['prefix']}/items", json={"folder_id": board["folder_id"]}
            ).json()["id"]
        out: dict[str, Any] = {"statuses": [], "errors": [], "created": [], "last_edit": {}}
        threads = [
            threading.Thread(
                target=_client, args=(n, [s.base for s in servers], boot["token"], board, shared, out)
            )
            for n in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert out["errors"] == [], out["errors"][:5]
        assert len(out["statuses"]) == CLIENTS * REQUESTS_EACH
        assert all(s < 400 for s in out["statuses"]), Counter(out["statuses"])
        with httpx.Client(headers={"Authorization": f"Bearer {boot['token']}"}) as http:
            item = http.get(
                f"{servers[0].base}{board['prefix']}/items/{shared}", params={"expand[]": "values"}
            )
            data = {v["attribute_id"]: v["data"] for v in item.json()["values"]}
            for n, tag in out["last_edit"].items():
                assert data.get(board["attributes"][n]) == tag, f"lost update of client {n}: {data}"
            assert len(out["last_edit"]) == EDITORS
            for item_id in out["created"][:50]:
                got = http.get(f"{servers[1].base}{board['prefix']}/items/{item_id}")
                assert got.status_code == 200
    finally:
        for server in servers:
            server.stop()


async def test_two_processes_fifty_clients(server_database_url: str, tmp_path: Path) -> None:
    await asyncio.to_thread(run_mixed, server_database_url, tmp_path)


def run_rate_limited(tmp: Path, redis_url: str) -> Counter[int]:
    env = cli_env(
        f"sqlite+aiosqlite:///{tmp / 'limit.db'}",
        OPENINFINITY_RATE_LIMIT="30/minute",
        OPENINFINITY_REDIS_URL=redis_url,
    )
    boot = bootstrap(env, tmp, email="limit@example.com")
    servers = [Server(env, tmp), Server(env, tmp)]
    statuses: list[int] = []
    auth = {"Authorization": f"Bearer {boot['token']}"}
    clients = [httpx.Client(base_url=s.base, headers=auth, timeout=30) for s in servers]
    try:

        def call(n: int) -> None:
            statuses.append(clients[n % 2].get("/api/v2/profile").status_code)

        threads = [threading.Thread(target=call, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for http in clients:
            http.close()
        for server in servers:
            server.stop()
    return Counter(statuses)


@pytest.mark.skipif(not REDIS_URL, reason="needs OPENINFINITY_TEST_REDIS_URL")
async def test_rate_limit_is_exact_across_processes(tmp_path: Path) -> None:
    assert REDIS_URL
    counts = await asyncio.to_thread(run_rate_limited, tmp_path, REDIS_URL)
    assert counts == Counter({200: 30, 429: CLIENTS - 30})
