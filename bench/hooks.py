"""Webhook delivery speed on loopback: events per second through one and two `openinfinity worker`
processes, and the time from a committed change to its arrival at the receiver (p50/p99).

    PYTHONPATH=src python bench/hooks.py --backend postgres --events 2000 --workers 1 2
    PYTHONPATH=src python bench/hooks.py --backend sqlite --events 1000 --workers 1

PostgreSQL: a scratch database is created on OPENINFINITY_BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end. The receiver is a minimal
HTTP/1.1 server in this process that answers 200 at once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
import h11

from openinfinity.accounts.users import service as users
from openinfinity.boards.models import Board
from openinfinity.core import events
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.migrate import upgrade
from openinfinity.hooks import wake
from openinfinity.hooks.dispatcher import Dispatcher
from openinfinity.hooks.models import Hook
from openinfinity.hooks.signing import new_secret
from openinfinity.workspaces import service as workspaces

SRC = Path(__file__).resolve().parent.parent / "src"


class Receiver:
    """Counts arrivals per path with their arrival time (monotonic)."""

    def __init__(self) -> None:
        self.arrivals: dict[str, list[tuple[float, bytes]]] = {}
        self.changed = asyncio.Event()
        self.port = 0

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = h11.Connection(h11.SERVER)
        path, body = "", b""
        try:
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA:
                    data = await reader.read(65536)
                    if not data:
                        return
                    conn.receive_data(data)
                elif isinstance(event, h11.Request):
                    path, body = event.target.decode(), b""
                elif isinstance(event, h11.Data):
                    body += event.data
                elif isinstance(event, h11.EndOfMessage):
                    self.arrivals.setdefault(path, []).append((time.monotonic(), body))
                    self.changed.set()
                    out = conn.send(h11.Response(status_code=200, headers=[("content-length", "0")]))
                    out += conn.send(h11.EndOfMessage()) or b""
                    writer.write(out or b"")
                    await writer.drain()
                    conn.start_next_cycle()
                else:
                    return
        except (ConnectionError, h11.ProtocolError):
            return
        finally:
            writer.close()

    async def wait(self, path: str, count: int, within: float = 300) -> list[tuple[float, bytes]]:
        async with asyncio.timeout(within):
            while len(self.arrivals.get(path, [])) < count:
                self.changed.clear()
                await self.changed.wait()
        return self.arrivals[path]


async def scratch_database(backend: str, tmp: Path) -> tuple[str, str | None]:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp / 'bench.db'}", None
    admin_url = os.environ.get(
        "OPENINFINITY_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    name = f"oi_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    base = admin_url.rsplit("/", 1)[0].removeprefix("postgresql://")
    return f"postgresql+asyncpg://{base}/{name}", name


async def drop_database(name: str) -> None:
    admin_url = os.environ.get(
        "OPENINFINITY_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await admin.close()


async def start_worker(url: str, poll: float, batch: int) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "OPENINFINITY_DATABASE_URL": url,
        "OPENINFINITY_ALLOW_PRIVATE_URLS": "true",
        "OPENINFINITY_WEBHOOK_POLL_INTERVAL": str(poll),
        "OPENINFINITY_WEBHOOK_BATCH_SIZE": str(batch),
        "OPENINFINITY_LOG_LEVEL": "warning",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-c", "from openinfinity.cli.main import app; app()", "worker", env=env
    )


async def stop_worker(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        await process.wait()


class Bench:
    def __init__(
        self, db: Database, receiver: Receiver, workspace_id: int, board_id: str, user_id: int
    ) -> None:
        self.db, self.receiver = db, receiver
        self.workspace_id, self.board_id, self.user_id = workspace_id, board_id, user_id

    async def new_hook(self) -> str:
        path = f"/{uuid.uuid4().hex[:8]}"
        async with self.db.transaction() as session:
            session.add(
                Hook(
                    workspace_id=self.workspace_id,
                    board_id=self.board_id,
                    user_id=self.user_id,
                    url=f"http://127.0.0.1:{self.receiver.port}{path}",
                    secret=new_secret(),
                    events=[{"event": "item.updated", "data": None}],
                )
            )
        return path

    async def record(self, count: int, items: int, *, start: int = 0) -> None:
        async with self.db.transaction() as session:
            for n in range(start, start + count):
                item = f"item-{n % items}"
                payload = {"id": item, "object": "item", "n": n, "title": "Benchmark item " * 4}
                events.record(
                    session,
                    "item.updated",
                    workspace_id=self.workspace_id,
                    board_id=self.board_id,
                    payload=payload,
                    item_id=item,
                )

    async def throughput(
        self, url: str, workers: int, count: int, items: int, poll: float, batch: int
    ) -> float:
        path = await self.new_hook()
        procs = [await start_worker(url, poll, batch) for _ in range(workers)]
        try:
            await self.record(1, 1)  # warm-up: the workers are up and connected
            await self.receiver.wait(path, 1)
            await asyncio.sleep(1.0)
            started = time.monotonic()
            await self.record(count, items, start=1)
            arrivals = await self.receiver.wait(path, count + 1)
            return count / (arrivals[-1][0] - started)
        finally:
            for proc in procs:
                await stop_worker(proc)

    async def latency(
        self, url: str, count: int, rate: float, poll: float, batch: int, *, in_process: bool = False
    ) -> dict[str, float]:
        """Commit-to-arrival times; `in_process` runs the dispatcher inside this process, woken by
        the commit hook, as `openinfinity serve` does on SQLite."""
        path = await self.new_hook()
        committed: dict[int, float] = {}
        if in_process:
            settings = Settings(
                database_url=url,
                allow_private_urls=True,
                webhook_poll_interval=poll,
                webhook_batch_size=batch,
            )
            dispatcher = Dispatcher(self.db, settings)
            stop = asyncio.Event()
            unwatch = wake.watch_commits(self.db.engine, dispatcher.wake)
            task = asyncio.create_task(dispatcher.run(stop))

            async def stop_in_process() -> None:
                stop.set()
                await task
                unwatch()

            stopper = stop_in_process
        else:
            proc = await start_worker(url, poll, batch)

            async def stop_process() -> None:
                await stop_worker(proc)

            stopper = stop_process
        try:
            await self.record(1, 1, start=-1)
            await self.receiver.wait(path, 1)
            for n in range(count):
                await self.record(1, count, start=n)
                committed[n] = time.monotonic()
                await asyncio.sleep(1 / rate)
            arrivals = await self.receiver.wait(path, count + 1)
        finally:
            await stopper()
        latencies = sorted(
            (at - committed[n]) * 1000
            for at, body in arrivals
            if (n := json.loads(body)["payload"]["n"]) in committed
        )
        return {
            "p50_ms": round(statistics.median(latencies), 1),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
            "max_ms": round(latencies[-1], 1),
        }


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--events", type=int, default=2000, help="events per throughput run")
    parser.add_argument(
        "--items", type=int, default=200, help="distinct items (events of one item are ordered)"
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--latency-events", type=int, default=200)
    parser.add_argument("--rate", type=float, default=50.0, help="events per second in the latency run")
    parser.add_argument("--poll-interval", type=float, default=0.25, help="worker idle poll (the default)")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument(
        "--latency-in-process", action="store_true", help="measure latency with the dispatcher inside `serve`"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url, pg_name = await scratch_database(args.backend, Path(tmp))
        await asyncio.to_thread(upgrade, url)
        db = Database(Settings(database_url=url))
        receiver = Receiver()
        server = await asyncio.start_server(receiver.serve, "127.0.0.1", 0)
        receiver.port = server.sockets[0].getsockname()[1]
        try:
            async with db.transaction() as session:
                user = await users.create_user(
                    session, email=f"bench-{uuid.uuid4().hex[:6]}@example.com", name="B"
                )
                workspace = await workspaces.create(session, owner_id=user.id, name="Bench")
                board = Board(workspace_id=workspace.id, name="Bench", created_by=user.id)
                session.add(board)
                await session.flush()
            bench = Bench(db, receiver, workspace.id, board.id, user.id)
            result: dict[str, object] = {"backend": args.backend, "events": args.events, "items": args.items}
            for workers in args.workers:
                eps = await bench.throughput(
                    url, workers, args.events, args.items, args.poll_interval, args.batch
                )
                result[f"events_per_second_{workers}_worker{'s' if workers > 1 else ''}"] = round(eps)
            result["latency"] = await bench.latency(
                url,
                args.latency_events,
                args.rate,
                args.poll_interval,
                args.batch,
                in_process=args.latency_in_process,
            )
            result["latency_dispatcher"] = "in-process" if args.latency_in_process else "worker process"
            result["latency_poll_interval_s"] = args.poll_interval
            print(json.dumps(result, indent=2))
        finally:
            server.close()
            await db.dispose()
            if pg_name:
                await drop_database(pg_name)


if __name__ == "__main__":
    asyncio.run(main())
