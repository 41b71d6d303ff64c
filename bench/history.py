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
import uuid
from collections.abc import Callable
from pathlib import Path

import asyncpg
from sqlalchemy import func, select

from bench import items, loadgen
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.migrate import upgrade
from openinfinity.history.models import ItemChange
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


async def _counts(database_url: str) -> tuple[int, int]:
    db = Database(Settings(database_url=database_url))
    try:
        async with db.transaction(write=False) as session:
            made = int(await session.scalar(select(func.count()).select_from(Item)) or 0)
            changes = int(await session.scalar(select(func.count()).select_from(ItemChange)) or 0)
            return made, changes
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
    made, changes = asyncio.run(_counts(database_url))
    recorded = sum(r.requests + args.concurrency for r in runs[True])  # + the warm-up requests
    print(f"median req/s: history on {on_rps:.1f}, off {off_rps:.1f}; off/on = {off_rps / on_rps:.3f}")
    print(
        f"median p50 ms: history on {on_p50:.2f}, off {off_p50:.2f}; on/off latency = {on_p50 / off_p50:.3f}"
    )
    per_create = changes / max(recorded, 1)
    print(f"{made} items made; {changes} history rows, {per_create:.2f} per create with history on")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--postgres", default=None, help="also on a new database of this PostgreSQL server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
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
