"""View queries at scale: `python -m bench.views --items 1000 1000000 [--database postgresql://…]`.

Loads a board with N items in one folder (values: Name text, Count number, Price label), starts the
server on 127.0.0.1, and times over real HTTP: a view's first page (manual order), a later page via
its cursor, a filtered+sorted view (Count > 500, Count desc) first page and next page, and a label
filter sorted by Name. Prints requests per second and p50/p99 latency per query and N.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert, text

SRC = Path(__file__).resolve().parent.parent / "src"
sys.path.insert(0, str(SRC))

from openinfinity.accounts.users import service as users  # noqa: E402
from openinfinity.auth import service as auth  # noqa: E402
from openinfinity.boards.models import Board, BoardUser  # noqa: E402
from openinfinity.core.config import Settings  # noqa: E402
from openinfinity.core.db import Database  # noqa: E402
from openinfinity.core.migrate import upgrade  # noqa: E402
from openinfinity.items.models import Item, Value  # noqa: E402
from openinfinity.schema.attributes.models import Attribute  # noqa: E402
from openinfinity.schema.folders.models import Folder  # noqa: E402
from openinfinity.workspaces import service as workspaces  # noqa: E402

LABELS = [{"id": str(uuid.uuid4()), "name": name, "color": "#92F3EC"} for name in ("$", "$$", "$$$")]
BATCH = 5000


async def load(url: str, n: int) -> dict[str, Any]:
    db = Database(Settings(database_url=url))
    async with db.transaction() as session:
        user = await users.create_user(
            session, email=f"bench-{uuid.uuid4().hex[:6]}@example.com", name="Bench"
        )
        workspace = await workspaces.create(session, owner_id=user.id, name="Bench")
        _, token = await auth.issue_token(session, user, name="bench")
        board = Board(workspace_id=workspace.id, name="Bench", created_by=user.id)
        session.add(board)
        await session.flush()
        session.add(BoardUser(board_id=board.id, user_id=user.id))
        folder = Folder(board_id=board.id, name="All")
        session.add(folder)
        await session.flush()
        attrs = {
            "Name": Attribute(board_id=board.id, name="Name", type="text", settings={}),
            "Count": Attribute(board_id=board.id, name="Count", type="number", settings={}),
            "Price": Attribute(board_id=board.id, name="Price", type="label", settings={"labels": LABELS}),
        }
        session.add_all(attrs.values())
        await session.flush()
        ids = {name: a.id for name, a in attrs.items()}
        meta = {
            "workspace": workspace.id,
            "board": board.id,
            "folder": folder.id,
            "token": token,
            "attrs": ids,
        }
    rng = random.Random(7)
    start = datetime(2024, 1, 1)
    for offset in range(0, n, BATCH):
        items: list[dict[str, Any]] = []
        values: list[dict[str, Any]] = []
        for i in range(offset, min(n, offset + BATCH)):
            # Ascending ids keep every primary-key and unique index append-only during the load.
            item_id = str(uuid.UUID(int=(1 << 100) + i))
            moment = start + timedelta(seconds=i)
            items.append(
                {
                    "id": item_id,
                    "board_id": meta["board"],
                    "folder_id": meta["folder"],
                    "sort_order": float((i + 1) * 65536),
                    "created_by": None,
                    "created_at": moment,
                    "updated_at": moment,
                }
            )
            name = f"item {rng.randrange(n):07d}"
            count = rng.randrange(1000)
            label = LABELS[rng.randrange(3)]
            for attribute, data, number, key in (
                (ids["Name"], name, None, name),
                (ids["Count"], count, float(count), None),
                (ids["Price"], [label["id"]], None, label["name"]),
            ):
                values.append(
                    {
                        "id": str(uuid.UUID(int=(2 << 100) + len(values) + 3 * offset)),
                        "item_id": item_id,
                        "attribute_id": attribute,
                        "data": data,
                        "number_key": number,
                        "text_key": key,
                        "search_text": key,
                        "created_at": moment,
                        "updated_at": moment,
                    }
                )
        if url.startswith("sqlite"):
            _sqlite_rows(url, items, values)
            continue
        async with db.transaction() as session:
            await session.execute(insert(Item), items)
            await session.execute(insert(Value), values)
    # Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would keep them.
    async with db.transaction() as session:
        await session.execute(text("ANALYZE"))
    await db.dispose()
    return meta


def _sqlite_rows(url: str, items: list[dict[str, Any]], values: list[dict[str, Any]]) -> None:
    """The plain sqlite3 driver with synchronous=OFF: the async driver's per-row overhead would
    make loading a million items take most of an hour."""
    import sqlite3

    conn = sqlite3.connect(url.split(":///", 1)[1])
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.executemany(
            "INSERT INTO items (id, board_id, folder_id, sort_order, created_by, created_at, updated_at) "
            "VALUES (:id, :board_id, :folder_id, :sort_order, :created_by, :created_at, :updated_at)",
            [
                {**row, "created_at": str(row["created_at"]), "updated_at": str(row["updated_at"])}
                for row in items
            ],
        )
        conn.executemany(
            "INSERT INTO item_values (id, item_id, attribute_id, data, number_key, text_key, search_text, "
            "created_at, updated_at) VALUES (:id, :item_id, :attribute_id, :data, :number_key, :text_key, "
            ":search_text, :created_at, :updated_at)",
            [
                {
                    **row,
                    "data": json.dumps(row["data"]),
                    "created_at": str(row["created_at"]),
                    "updated_at": str(row["updated_at"]),
                }
                for row in values
            ],
        )
        conn.commit()
    finally:
        conn.close()


def serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENINFINITY_")}
    env.update(
        PYTHONPATH=str(SRC),
        OPENINFINITY_DATABASE_URL=url,
        OPENINFINITY_RATE_LIMIT="100000000/minute",
        OPENINFINITY_LOG_LEVEL="warning",
    )
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "openinfinity.app:create_app"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)


def timed(client: httpx.Client, url: str, params: dict[str, Any], count: int) -> list[float]:
    latencies = []
    for _ in range(count):
        began = time.perf_counter()
        response = client.get(url, params=params)
        latencies.append(time.perf_counter() - began)
        assert response.status_code == 200, response.text
    return latencies


def run_queries(base: str, meta: dict[str, Any], count: int) -> list[tuple[str, list[float]]]:
    headers = {"Authorization": f"Bearer {meta['token']}"}
    root = f"{base}/api/v2/workspaces/{meta['workspace']}/boards/{meta['board']}/views"
    attrs = meta["attrs"]
    results: list[tuple[str, list[float]]] = []
    with httpx.Client(headers=headers, timeout=120) as client:

        def view(settings: dict[str, Any]) -> str:
            body = {"type": "table", "folder_id": meta["folder"], "settings": settings}
            created = client.post(root, json=body)
            assert created.status_code == 201, created.text
            return f"{root}/{created.json()['id']}/items"

        plain = view({})
        filtered = view(
            {
                "filter": {"conditions": [{"attributeId": attrs["Count"], "operator": "gt", "value": 500}]},
                "sort": {"conditions": [{"attributeId": attrs["Count"], "settings": {"direction": "desc"}}]},
            }
        )
        labelled = view(
            {
                "filter": {
                    "conditions": [
                        {"attributeId": attrs["Price"], "operator": "contains", "value": LABELS[0]["id"]}
                    ]
                },
                "sort": {"conditions": [{"attributeId": attrs["Name"], "settings": {"direction": "asc"}}]},
            }
        )
        page: dict[str, Any] = {"limit": 100, "expand[]": "values"}
        for label, url in (("manual order", plain), ("Count>500 by Count desc", filtered)):
            results.append((f"{label}, page 1", timed(client, url, page, count)))
            after = client.get(url, params=page).json()["after"]
            results.append((f"{label}, page 2", timed(client, url, {**page, "after": after}, count)))
        results.append(("label contains, by Name, page 1", timed(client, labelled, page, count)))
    return results


def report(n: int, results: list[tuple[str, list[float]]]) -> None:
    for label, latencies in results:
        ordered = sorted(latencies)
        p50 = statistics.median(ordered) * 1000
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
        rps = len(ordered) / sum(ordered)
        print(f"| {n:>9,} | {label:<36} | {rps:7.1f} | {p50:8.1f} | {p99:8.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, nargs="+", default=[1000])
    parser.add_argument(
        "--database", help="PostgreSQL server URL (a new database is created); SQLite if absent"
    )
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    print("| items     | query                                | req/s   | p50 ms   | p99 ms   |")
    print("|-----------|--------------------------------------|---------|----------|----------|")
    for n in args.items:
        with tempfile.TemporaryDirectory() as tmp:
            url = asyncio.run(_fresh(args.database, Path(tmp)))
            upgrade(url)
            began = time.perf_counter()
            meta = asyncio.run(load(url, n))
            print(f"(loaded {n:,} items in {time.perf_counter() - began:.0f} s)", file=sys.stderr)
            port = _free_port()
            server = serve(url, port)
            try:
                _wait(f"http://127.0.0.1:{port}")
                report(n, run_queries(f"http://127.0.0.1:{port}", meta, args.requests))
            finally:
                server.terminate()
                server.wait(timeout=30)
            if args.database:
                asyncio.run(_drop(args.database, url))


async def _fresh(server: str | None, tmp: Path) -> str:
    if server is None:
        return f"sqlite+aiosqlite:///{tmp / 'bench.db'}"
    import asyncpg

    name = f"oi_bench_{uuid.uuid4().hex[:8]}"
    plain = server.replace("postgresql+asyncpg://", "postgresql://")
    admin = await asyncpg.connect(plain)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return "postgresql+asyncpg://" + plain.removeprefix("postgresql://").rsplit("/", 1)[0] + f"/{name}"


async def _drop(server: str, url: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(server.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    finally:
        await admin.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start")


if __name__ == "__main__":
    main()
