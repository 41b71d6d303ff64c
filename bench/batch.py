"""Batch writes against single writes: N items with 5 values each, created by one
`POST .../items/batch` per 100 items versus N `POST .../items`, through a real server on SQLite.

    PYTHONPATH=src:. .venv/bin/python bench/batch.py --items 100 --rounds 3

Both sides send the same bodies over one keep-alive connection, one request at a time (a client
importing rows); the figure is the median of `--rounds` runs, on one board.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench.items import LABELS, _free_port, _serve, _setup_board, _wait_ready
from openinfinity.core.migrate import upgrade

BATCH_LIMIT = 100


def _values(attributes: dict[str, str], i: int) -> list[dict[str, Any]]:
    return [
        {"attribute_id": attributes["Name"], "data": f"Item {i}"},
        {"attribute_id": attributes["Notes"], "data": f"<p>Notes of item {i}</p>"},
        {"attribute_id": attributes["Done"], "data": i % 2 == 0},
        {"attribute_id": attributes["Cost"], "data": i * 1.5},
        {"attribute_id": attributes["Price"], "data": [LABELS[i % len(LABELS)]]},
    ]


async def _singles(
    client: httpx.AsyncClient, url: str, folder: str, attributes: dict[str, str], n: int
) -> float:
    started = time.perf_counter()
    for i in range(n):
        response = await client.post(url, json={"folder_id": folder, "values": _values(attributes, i)})
        assert response.status_code == 201, response.text
    return time.perf_counter() - started


async def _batches(
    client: httpx.AsyncClient, url: str, folder: str, attributes: dict[str, str], n: int
) -> float:
    started = time.perf_counter()
    for first in range(0, n, BATCH_LIMIT):
        operations = [
            {"action": "create", "folder_id": folder, "values": _values(attributes, i)}
            for i in range(first, min(n, first + BATCH_LIMIT))
        ]
        response = await client.post(f"{url}/batch", json={"operations": operations})
        assert response.status_code == 200, response.text
    return time.perf_counter() - started


async def _run(base: str, database_url: str, n: int, rounds: int) -> tuple[list[float], list[float]]:
    singles: list[float] = []
    batches: list[float] = []
    token, workspace_id, board_id, folder_id, attributes, _user = await _setup_board(database_url)
    url = f"{base}/api/v2/workspaces/{workspace_id}/boards/{board_id}/items"
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=headers, timeout=120) as client:
        await client.get(url)  # warm the connection and the token cache
        for _ in range(rounds):
            singles.append(await _singles(client, url, folder_id, attributes, n))
            batches.append(await _batches(client, url, folder_id, attributes, n))
    return singles, batches


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="openinfinity-bench-batch-") as tmp:
        workdir = Path(tmp)
        database_url = f"sqlite+aiosqlite:///{workdir / 'batch.db'}"
        upgrade(database_url)
        port = _free_port()
        process = _serve(database_url, port, workdir)
        base = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(_wait_ready(base, process))
            singles, batches = asyncio.run(_run(base, database_url, args.items, args.rounds))
        finally:
            process.terminate()
            process.wait(timeout=15)
    single, batch = statistics.median(singles), statistics.median(batches)
    print(f"{args.items} items x 5 values, SQLite, median of {args.rounds} rounds")
    print(f"  single creates: {single * 1000:8.1f} ms  ({single / args.items * 1000:.2f} ms per item)")
    print(f"  batch creates:  {batch * 1000:8.1f} ms  ({batch / args.items * 1000:.2f} ms per item)")
    print(f"  batch is {single / batch:.1f}x faster")


if __name__ == "__main__":
    main()
