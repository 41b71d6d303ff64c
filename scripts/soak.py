"""Soak: mixed traffic against a fresh `openinfinity serve` for a bounded time, then figures.

    PYTHONPATH=src python scripts/soak.py [--minutes 10] [--clients 8] [--database-url URL]

Reports requests, throughput, p50/p99 latency, error count (any 5xx or transport error), and the
server's RSS and open file descriptors once warm (after the first tenth of the run) and at the end.
Exits 1 on errors or RSS growth of 10% or more once warm.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.proof.procs import Server, bootstrap, make_board  # noqa: E402
from tests.servers import cli_env  # noqa: E402


def _pids(root: int) -> list[int]:
    """The server process and its children (uvicorn workers, if any)."""
    pids = [root]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == root:
                pids.append(int(entry))
    return pids


def resources(root: int) -> tuple[float, int]:
    """(anonymous RSS in MiB, open file descriptors) of the server's processes. File-backed pages
    are left out: SQLite maps the database (PRAGMA mmap_size), so they grow with the file itself
    and are the OS page cache, not the server's memory (total_rss() counts them too)."""
    rss_kib, fds = 0, 0
    for pid in _pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("RssAnon:"):
                    rss_kib += int(line.split()[1])
            fds += len(os.listdir(f"/proc/{pid}/fd"))
        except OSError:
            continue
    return rss_kib / 1024, fds


def total_rss(root: int) -> float:
    """All resident memory in MiB, file-backed (mapped database) pages included."""
    kib = 0
    for pid in _pids(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    kib += int(line.split()[1])
        except OSError:
            continue
    return kib / 1024


def traffic(
    base: str, token: str, board: dict[str, Any], deadline: float, n: int, out: dict[str, Any]
) -> None:
    prefix, attrs, folder = board["prefix"], board["attributes"], board["folder_id"]
    mine: list[str] = []
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        for step in itertools.count():
            if time.monotonic() > deadline:
                return
            kind = step % 10
            started = time.perf_counter()
            try:
                if kind in (0, 1) or not mine:
                    values = [
                        {"attribute_id": a, "data": f"soak {n}-{step} {i}"} for i, a in enumerate(attrs)
                    ]
                    r = http.post(f"{prefix}/items", json={"folder_id": folder, "values": values})
                    if r.status_code == 201:
                        mine.append(r.json()["id"])
                elif kind == 2:
                    body = {"values": [{"attribute_id": attrs[0], "data": f"edit {step}"}]}
                    r = http.patch(f"{prefix}/items/{mine[step % len(mine)]}", json=body)
                elif kind == 3:
                    r = http.post(f"{prefix}/items/{mine[-1]}/comments", json={"text": f"note {step}"})
                elif kind == 4:
                    r = http.get(f"{prefix}/items", params={"q": f"soak {n}", "limit": 20})
                elif kind == 5 and len(mine) > 50:
                    r = http.delete(f"{prefix}/items/{mine.pop(0)}")
                elif kind in (6, 7):
                    r = http.get(f"{prefix}/items/{mine[-1]}", params={"expand[]": "values"})
                else:
                    r = http.get(f"{prefix}/items", params={"limit": 50, "expand[]": "values"})
                status = r.status_code
            except httpx.TransportError:
                status = 599
            out["latencies"].append(time.perf_counter() - started)
            if status >= 500:
                out["errors"] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database-url", default=None, help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/soak.db"
        env = cli_env(url, OPENINFINITY_RATE_LIMIT="1000000000/minute")
        boot = bootstrap(env, Path(tmp), email="soak@example.com")
        server = Server(env, Path(tmp))
        try:
            board = make_board(server.base, boot["token"], boot["workspace_id"])
            total = args.minutes * 60
            started = time.monotonic()
            out: dict[str, Any] = {"latencies": [], "errors": 0}
            threads = [
                threading.Thread(
                    target=traffic,
                    args=(server.base, boot["token"], board, started + total, n, out),
                    daemon=True,
                )
                for n in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            # RSS every tenth of the run; "warm" is after the first fifth (caches and the SQLite
            # page cache of each pooled connection fill while the database is young).
            series: list[float] = []
            for tenth in range(1, 10):
                time.sleep(max(0.0, started + total * tenth / 10 - time.monotonic()))
                series.append(resources(server.process.pid)[0])
                if tenth == 2:
                    warm_rss, warm_fds = resources(server.process.pid)
                    warm_count = len(out["latencies"])
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            end_rss, end_fds = resources(server.process.pid)
            end_total = total_rss(server.process.pid)
        finally:
            server.stop()
    latencies = sorted(out["latencies"])
    count = len(latencies)
    growth = (end_rss - warm_rss) / warm_rss * 100
    print(f"duration: {elapsed:.0f} s, clients: {args.clients}, database: {url.split(':', 1)[0]}")
    print(f"requests: {count} ({warm_count} in warm-up), throughput: {count / elapsed:.1f} req/s")
    p50, p99 = latencies[count // 2] * 1000, latencies[int(count * 0.99)] * 1000
    print(f"latency p50: {p50:.1f} ms, p99: {p99:.1f} ms")
    print(f"errors (5xx or transport): {out['errors']}")
    print(f"server total RSS at the end (mapped database pages included): {end_total:.1f} MiB")
    print(f"server anonymous RSS warm: {warm_rss:.1f} MiB, end: {end_rss:.1f} MiB, growth: {growth:+.1f}%")
    print("RSS per tenth (MiB): " + ", ".join(f"{v:.0f}" for v in [*series, end_rss]))
    print(f"open file descriptors warm: {warm_fds}, end: {end_fds}")
    return 1 if out["errors"] or growth >= 10 else 0


if __name__ == "__main__":
    sys.exit(main())
