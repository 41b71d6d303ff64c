"""The board change feed against real `openinfinity serve` processes on loopback:

- streams: how much memory one worker holds per open stream (RSS of the server process from
  /proc, before and after opening N streams), and how long one change takes to reach all N;
- latency: write through the API -> event received on a stream, p50/p99 over --writes writes,
  with the stream on the writing process and on a second process sharing the database.

    PYTHONPATH=src python bench/changes.py --backend sqlite --streams 500 1000 2000 --writes 200
    PYTHONPATH=src python bench/changes.py --backend postgres --streams 1000 --writes 200

PostgreSQL: a scratch database on OPENINFINITY_BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/postgres), dropped at the end. The clients are raw asyncio
sockets in this process (their memory is not the server's).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx

from bench.hooks import drop_database, scratch_database
from openinfinity.accounts.users import service as users
from openinfinity.auth import service as auth
from openinfinity.auth.principal import Principal
from openinfinity.boards import service as boards
from openinfinity.boards.access import BoardContext
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.migrate import upgrade
from openinfinity.folders import service as folders
from openinfinity.workspaces import service as workspaces

SRC = Path(__file__).resolve().parent.parent / "src"
IDLE_SECONDS = 5.0


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def server(url: str, cwd: Path, **env: str) -> AsyncIterator[tuple[str, int]]:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "from openinfinity.cli.main import app; app()",
        "serve",
        "--port",
        str(port),
        cwd=cwd,
        env={
            **os.environ,
            "PYTHONPATH": str(SRC),
            "OPENINFINITY_DATABASE_URL": url,
            "OPENINFINITY_RATE_LIMIT": "100000000/minute",
            "OPENINFINITY_SECRET_KEY": "bench",
            "OPENINFINITY_LOG_LEVEL": "warning",
            **env,
        },
        stdout=asyncio.subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(600):
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"{base}/health")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        await process.wait()


async def setup(url: str) -> tuple[str, str, str, str]:
    """A user, a workspace, a board with a folder; returns (token, workspace, board, folder)."""
    db = Database(Settings(database_url=url))
    async with db.transaction() as session:
        user = await users.create_user(session, email="bench@example.com", name="Bench")
        workspace = await workspaces.create(session, owner_id=user.id, name="Bench")
        _, token = await auth.issue_token(session, user, name="bench")
    async with db.transaction() as session:
        principal = Principal(
            user_id=user.id, token_id=0, scopes=frozenset(), workspace_id=None, is_instance_admin=False
        )
        ctx = await workspaces.access(session, principal, workspace.id)
        board = await boards.create_board(session, ctx, name="Live")
        folder = await folders.create_folder(session, BoardContext(board=board, workspace=ctx), name="F")
    await db.dispose()
    return token, str(workspace.id), board.id, folder.id


class RawStream:
    """One stream on a raw socket: counts change events and notes when each arrives."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.ready = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.changed = asyncio.Event()

    async def open(self, base: str, path: str, token: str) -> None:
        host, port = base.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        self.writer = writer
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        self.task = asyncio.create_task(self._read(reader))

    async def _read(self, reader: asyncio.StreamReader) -> None:
        while chunk := await reader.read(65536):
            now = time.perf_counter()
            if b"event: ready" in chunk:
                self.ready.set()
            for _ in range(chunk.count(b"event: item.created")):
                self.arrivals.append(now)
                self.changed.set()

    async def close(self) -> None:
        if self.task:
            self.task.cancel()
        if self.writer:
            self.writer.close()


async def create_item(http: httpx.AsyncClient, base: str, path: str, token: str, folder: str) -> None:
    response = await http.post(
        f"{base}{path}/items", json={"folder_id": folder}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201, response.text


async def measure_streams(url: str, tmp: Path, counts: list[int]) -> list[dict[str, float]]:
    token, ws, board, folder = await setup(url)
    path = f"/api/v2/workspaces/{ws}/boards/{board}"
    results = []
    for count in counts:
        env = {"OPENINFINITY_CHANGES_MAX_STREAMS": str(count + 10)}
        async with server(url, tmp, **env) as (base, pid), httpx.AsyncClient() as http:
            await create_item(http, base, path, token, folder)  # warm: imports, pools, caches
            await asyncio.sleep(1.0)
            before = rss_kib(pid)
            streams = [RawStream() for _ in range(count)]
            for start in range(0, count, 100):
                batch = streams[start : start + 100]
                await asyncio.gather(*(s.open(base, f"{path}/changes", token) for s in batch))
                await asyncio.gather(*(asyncio.wait_for(s.ready.wait(), 60) for s in batch))
            await asyncio.sleep(1.0)
            opened = rss_kib(pid)
            # Idle cost: the outbox poll and (every 15 s) heartbeats, with nothing happening.
            cpu_start = cpu_seconds(pid)
            await asyncio.sleep(IDLE_SECONDS)
            idle_cpu = (cpu_seconds(pid) - cpu_start) / IDLE_SECONDS
            cpu_before_event = cpu_seconds(pid)
            sent = time.perf_counter()
            await create_item(http, base, path, token, folder)
            await asyncio.gather(*(asyncio.wait_for(s.changed.wait(), 60) for s in streams))
            fan_out = max(s.arrivals[0] for s in streams) - sent
            event_cpu = cpu_seconds(pid) - cpu_before_event  # the write and its fan-out, server side
            await asyncio.sleep(0.5)
            after = rss_kib(pid)
            for s in streams:
                await s.close()
        results.append(
            {
                "streams": count,
                "rss_before_mib": round(before / 1024, 1),
                "rss_open_mib": round(opened / 1024, 1),
                "rss_after_event_mib": round(after / 1024, 1),
                "kib_per_stream": round((after - before) / count, 1),
                "one_event_to_all_ms": round(fan_out * 1000, 1),
                "server_cpu_for_the_event_ms": round(event_cpu * 1000, 1),
                "idle_cpu_percent": round(idle_cpu * 100, 1),
            }
        )
        print(json.dumps(results[-1]), flush=True)
    return results


async def measure_latency(url: str, tmp: Path, writes: int) -> dict[str, dict[str, float]]:
    token, ws, board, folder = await setup(url)
    path = f"/api/v2/workspaces/{ws}/boards/{board}"
    report: dict[str, dict[str, float]] = {}
    async with (
        server(url, tmp) as (first, _),
        server(url, tmp) as (second, _),
        httpx.AsyncClient() as http,
    ):
        for label, stream_base in (("same process", first), ("other process", second)):
            stream = RawStream()
            await stream.open(stream_base, f"{path}/changes", token)
            await asyncio.wait_for(stream.ready.wait(), 30)
            await create_item(http, first, path, token, folder)  # warm
            await asyncio.wait_for(stream.changed.wait(), 10)
            latencies, write_times = [], []
            for _ in range(writes):
                # A random pause: writes at random moments of the other process's poll cycle
                # (back to back they would all land just after a poll, the worst case).
                await asyncio.sleep(random.uniform(0, 0.3))
                stream.changed.clear()
                seen = len(stream.arrivals)
                start = time.perf_counter()
                await create_item(http, first, path, token, folder)
                write_times.append(time.perf_counter() - start)
                while len(stream.arrivals) <= seen:
                    await asyncio.wait_for(stream.changed.wait(), 10)
                    stream.changed.clear()
                latencies.append(stream.arrivals[seen] - start)
            await stream.close()
            report[label] = summary(latencies) | {"write_p50_ms": pct(write_times, 50)}
            print(label, json.dumps(report[label]), flush=True)
    return report


def pct(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000, 1)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": pct(values, 50),
        "p99_ms": pct(values, 99),
        "mean_ms": round(statistics.mean(values) * 1000, 1),
        "n": len(values),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--streams", type=int, nargs="*", default=[1000])
    parser.add_argument("--writes", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        tmp = Path(directory)
        for phase in ("streams", "latency"):
            (tmp / phase).mkdir(exist_ok=True)
            url, scratch = await scratch_database(args.backend, tmp / phase)
            await asyncio.to_thread(upgrade, url)
            try:
                if phase == "streams" and args.streams:
                    await measure_streams(url, tmp / phase, args.streams)
                if phase == "latency" and args.writes:
                    await measure_latency(url, tmp / phase, args.writes)
            finally:
                if scratch:
                    await drop_database(scratch)


if __name__ == "__main__":
    asyncio.run(main())
