"""Crash safety: a burst of concurrent writes (item creates with values, value updates, comments)
against a real server, SIGKILL in the middle, restart on the same database. Every write answered
2xx is present and complete, no item is half-written, SQLite's integrity check passes, and the
webhook events of every acknowledged create are delivered after the restart."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from tests.proof.procs import Receiver, Server, bootstrap, make_board
from tests.servers import cli_env

WRITERS = 8


def _values(attrs: list[str], tag: str) -> list[dict[str, Any]]:
    return [{"attribute_id": a, "data": f"{tag}-{i}"} for i, a in enumerate(attrs)]


def _writer(
    n: int,
    base: str,
    token: str,
    board: dict[str, Any],
    target: str,
    stop: threading.Event,
    log: dict[str, Any],
) -> None:
    prefix, attrs = board["prefix"], board["attributes"]
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10) as http:
        step = 0
        while not stop.is_set():
            step += 1
            tag = f"w{n}-{step}"
            try:
                if step % 3 == 0:
                    log["pending_update"] = tag
                    r = http.put(f"{prefix}/items/{target}", json={"values": _values(attrs, tag)})
                    if r.status_code == 200:
                        log["updates"].append(tag)
                elif step % 5 == 0:
                    r = http.post(f"{prefix}/items/{target}/comments", json={"text": tag})
                    if r.status_code == 201:
                        log["comments"].append(r.json()["id"])
                else:
                    body = {"folder_id": board["folder_id"], "values": _values(attrs, tag)}
                    r = http.post(f"{prefix}/items", json=body)
                    if r.status_code == 201:
                        log["creates"].append((r.json()["id"], tag))
                assert r.status_code < 500, r.text
            except httpx.TransportError:
                return


def _all_items(http: httpx.Client, prefix: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    after = None
    while True:
        params: dict[str, Any] = {"limit": 100, "expand[]": "values"}
        if after:
            params["after"] = after
        page = http.get(f"{prefix}/items", params=params).json()
        items += page["data"]
        if not page["has_more"]:
            return items
        after = page["after"]


def crash_and_verify(url: str, tmp: Path) -> None:
    receiver = Receiver()
    env = cli_env(
        url,
        OPENINFINITY_RATE_LIMIT="1000000000/minute",
        OPENINFINITY_ALLOW_PRIVATE_URLS="true",
        OPENINFINITY_WEBHOOK_DISPATCHER="in-process",
        OPENINFINITY_WEBHOOK_POLL_INTERVAL="0.1",
        OPENINFINITY_WEBHOOK_RETRY_DELAYS="0.5,0.5,1,1,2",
    )
    boot = bootstrap(env, tmp)
    token = boot["token"]
    server = Server(env, tmp)
    try:
        board = make_board(server.base, token, boot["workspace_id"])
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=server.base, headers=headers, timeout=30) as http:
            hook = http.post(
                f"{board['prefix']}/hooks", json={"url": receiver.url, "events": ["item.created"]}
            )
            assert hook.status_code == 201, hook.text
            targets = [
                http.post(f"{board['prefix']}/items", json={"folder_id": board["folder_id"]}).json()["id"]
                for _ in range(WRITERS)
            ]
        stop = threading.Event()
        logs: list[dict[str, Any]] = [
            {"creates": [], "updates": [], "comments": [], "pending_update": None} for _ in range(WRITERS)
        ]
        threads = [
            threading.Thread(target=_writer, args=(n, server.base, token, board, targets[n], stop, logs[n]))
            for n in range(WRITERS)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        server.kill()
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        server.kill()
    acked = [c for log in logs for c in log["creates"]]
    assert len(acked) > 10, "the burst acknowledged too few writes to prove anything"

    if url.startswith("sqlite"):
        with sqlite3.connect(url.split("///", 1)[1]) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    server = Server(env, tmp)
    try:
        with httpx.Client(
            base_url=server.base, headers={"Authorization": f"Bearer {token}"}, timeout=30
        ) as http:
            prefix, attrs = board["prefix"], board["attributes"]
            items = {item["id"]: item for item in _all_items(http, prefix)}
            for item_id, tag in acked:
                assert item_id in items, f"acknowledged item {item_id} lost"
                data = {v["attribute_id"]: v["data"] for v in items[item_id]["values"]}
                assert data == {a: f"{tag}-{i}" for i, a in enumerate(attrs)}, (item_id, data)
            for item_id, item in items.items():
                if item_id in targets:
                    continue
                assert len(item["values"]) == len(attrs), f"half-written item {item_id}: {item['values']}"
            for n, log in enumerate(logs):
                data = {v["attribute_id"]: v["data"] for v in items[targets[n]]["values"]}
                if log["updates"]:
                    possible = {log["updates"][-1], log["pending_update"]}
                    assert any(data == {a: f"{t}-{i}" for i, a in enumerate(attrs)} for t in possible), data
                for comment_id in log["comments"]:
                    got = http.get(f"{prefix}/items/{targets[n]}/comments/{comment_id}")
                    assert got.status_code == 200, f"acknowledged comment {comment_id} lost"
        wanted = {item_id for item_id, _ in acked}
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            delivered = {
                r["payload"]["id"] for r in list(receiver.received) if r.get("event") == "item.created"
            }
            if wanted <= delivered:
                break
            time.sleep(0.2)
        missing = wanted - delivered
        assert not missing, f"{len(missing)} acknowledged creates never delivered item.created"
    finally:
        server.stop()
        receiver.close()


async def test_sigkill_mid_burst_loses_no_acknowledged_write(
    server_database_url: str, tmp_path: Path
) -> None:
    await asyncio.to_thread(crash_and_verify, server_database_url, tmp_path)
