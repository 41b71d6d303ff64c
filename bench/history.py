"""What item history adds to a create: `POST .../items` with 5 values against a real
`openinfinity serve` on loopback, the same database and run, with OPENINFINITY_ITEM_HISTORY on and
off, alternated (on, off, on, off, ...) so drift on a shared machine hits both alike.

    PYTHONPATH=src python -m bench.history [--rounds 3] [--duration 8] [--concurrency 4]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Prints each round, the medians of throughput and latency, the on/off ratio, and the history rows
written per create (6: the item and its 5 values).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy import func, select

from bench import items, loadgen
from openinfinity.app import create_app
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.history import ItemChange
from openinfinity.core.migrate import upgrade
from openinfinity.items.models import Item


def _create_request(fx: items.Fixture) -> Callable[[int], loadgen.RequestSpec]:
    prefix = f"/api/v2/workspaces/{fx.workspace_id}/boards/{fx.board_id}"
    a = fx.attributes

    def create(i: int) -> loadgen.RequestSpec:
        body = {
            "folder_id": fx.folder_id,
            "values": [
                {"attribute_id": a["Name"], "data": f"Created {i}"},
                {"attribute_id": a["Notes"], "data": "<p>made by the benchmark</p>"},
                {"attribute_id": a["Done"], "data": False},
                {"attribute_id": a["Cost"], "data": i % 100},
                {"attribute_id": a["Price"], "data": [items.LABELS[i % 4]]},
            ],
        }
        return "POST", f"{prefix}/items", body

    return create


def _measure(
    fx: items.Fixture, workdir: Path, *, history: bool, duration: float, concurrency: int
) -> loadgen.Result:
    os.environ["OPENINFINITY_ITEM_HISTORY"] = "true" if history else "false"
    port = items._free_port()
    process = items._serve(fx.database_url, port, workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(items._wait_ready(base, process))
        name = f"create, history {'on' if history else 'off'}"
        headers = {"Authorization": f"Bearer {fx.token}"}
        make = _create_request(fx)
        return asyncio.run(
            loadgen.run(name, base, headers, make, concurrency=concurrency, duration=duration, expect=201)
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


async def _counts(database_url: str) -> tuple[int, int, int]:
    """Items made, history rows, and items that have history (those created with it on)."""
    db = Database(Settings(database_url=database_url))
    try:
        async with db.transaction(write=False) as session:
            made = int(await session.scalar(select(func.count()).select_from(Item)) or 0)
            changes = int(await session.scalar(select(func.count()).select_from(ItemChange)) or 0)
            recorded = int(await session.scalar(select(func.count(func.distinct(ItemChange.item_id)))) or 0)
            return made, changes, recorded
    finally:
        await db.dispose()


async def _postgres_database(admin_url: str) -> str:
    name = f"oi_bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"postgresql+asyncpg://{admin_url.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"


async def _drop_postgres_database(admin_url: str, url: str) -> None:
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await conn.close()


def bench(database_url: str, workdir: Path, args: argparse.Namespace) -> None:
    upgrade(database_url)
    token, workspace_id, board_id, folder_id, attributes, _ = asyncio.run(items._setup_board(database_url))
    fx = items.Fixture(database_url, token, workspace_id, board_id, folder_id, attributes, [])
    runs: dict[bool, list[loadgen.Result]] = {True: [], False: []}
    print(loadgen.HEADER)
    for _ in range(args.rounds):
        for history in (True, False):
            result = _measure(
                fx, workdir, history=history, duration=args.duration, concurrency=args.concurrency
            )
            runs[history].append(result)
            print(result.row(), flush=True)
    on_rps = statistics.median(r.rps for r in runs[True])
    off_rps = statistics.median(r.rps for r in runs[False])
    on_p50 = statistics.median(r.percentile(50) for r in runs[True])
    off_p50 = statistics.median(r.percentile(50) for r in runs[False])
    made, changes, recorded = asyncio.run(_counts(database_url))
    print(f"median req/s: history on {on_rps:.1f}, off {off_rps:.1f}; off/on = {off_rps / on_rps:.3f}")
    print(
        f"median p50 ms: history on {on_p50:.2f}, off {off_p50:.2f}; on/off latency = {on_p50 / off_p50:.3f}"
    )
    per_create = changes / max(recorded, 1)
    print(f"{made} items made, {recorded} with history on: {changes} history rows, {per_create:.2f} each")


async def in_process(database_url: str, creates: int) -> None:
    """The same create alternated between two apps on one database, history on and off: the
    machine's load hits both alike, so the ratio holds even on a busy machine."""
    await asyncio.to_thread(upgrade, database_url)
    token, workspace_id, board_id, folder_id, attributes, _ = await items._setup_board(database_url)
    fx = items.Fixture(database_url, token, workspace_id, board_id, folder_id, attributes, [])
    make = _create_request(fx)
    timings: dict[bool, list[float]] = {True: [], False: []}
    clients = {}
    for history in (True, False):
        app = create_app(Settings(database_url=database_url, rate_limit="off", item_history=history))
        clients[history] = (
            app,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b"),
        )
    headers = {"Authorization": f"Bearer {token}"}
    for i in range(creates):
        for history in (True, False) if i % 2 else (False, True):
            _, http = clients[history]
            method, path, body = make(i)
            started = time.perf_counter()
            response = await http.request(method, path, json=body, headers=headers)
            timings[history].append(time.perf_counter() - started)
            assert response.status_code == 201, response.text
    for app, http in clients.values():
        await http.aclose()
        await app.state.db.dispose()
    on, off = (statistics.median(timings[h]) * 1000 for h in (True, False))
    print(
        f"in process, {creates} creates each: median {on:.2f} ms with history, {off:.2f} ms without;"
        f" on/off = {on / off:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--postgres", default=None, help="also on a new database of this PostgreSQL server")
    parser.add_argument("--in-process", type=int, default=0, help="only the in-process comparison, N creates")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if args.in_process:
            asyncio.run(in_process(f"sqlite+aiosqlite:///{workdir / 'inproc.db'}", args.in_process))
            if args.postgres:
                url = asyncio.run(_postgres_database(args.postgres))
                try:
                    asyncio.run(in_process(url, args.in_process))
                finally:
                    asyncio.run(_drop_postgres_database(args.postgres, url))
            return
        print("SQLite")
        bench(f"sqlite+aiosqlite:///{workdir / 'history.db'}", workdir, args)
        if args.postgres:
            print("PostgreSQL")
            url = asyncio.run(_postgres_database(args.postgres))
            try:
                bench(url, workdir, args)
            finally:
                asyncio.run(_drop_postgres_database(args.postgres, url))


if __name__ == "__main__":
    main()
