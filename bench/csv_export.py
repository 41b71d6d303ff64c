"""CSV export benchmark: peak memory of the server process while it streams a board's items.

    PYTHONPATH=src:. python -m bench.csv_export --items 100000 --items 1000000

For each N: the benchmark board (bench/dataset.py: N items with 5 values each, bulk-loaded; on
PostgreSQL when OPENINFINITY_BENCH_DATABASE_URL is set), `openinfinity serve` as a subprocess, then
one `GET …/items.csv` read to the end by a client that throws the bytes away. The server's
memory is sampled from /proc every 50 ms: RssAnon (its heap: what holding rows would grow) and
VmRSS (that plus mapped files: SQLite maps the database file, OPENINFINITY's mmap_size, so pages
it read show up there and grow with the file, reclaimable page cache rather than held data). An
export that held the board in memory would grow RssAnon with N; a streamed one stays flat.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import dataset, items


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")


@dataclass
class Figure:
    n: int
    anon_before_mb: float
    anon_peak_mb: float
    rss_before_mb: float
    rss_peak_mb: float
    seconds: float
    rows: int
    megabytes: float

    def row(self) -> str:
        return (
            f"N={self.n:>9,}  heap (RssAnon) {self.anon_before_mb:6.1f} -> peak {self.anon_peak_mb:6.1f} MB "
            f"(+{self.anon_peak_mb - self.anon_before_mb:5.1f})  VmRSS {self.rss_before_mb:6.1f} -> peak "
            f"{self.rss_peak_mb:6.1f} MB  {self.rows:,} rows, {self.megabytes:.1f} MB "
            f"in {self.seconds:.1f} s ({self.rows / self.seconds:,.0f} rows/s)"
        )


async def _export(base: str, url: str, token: str, pid: int) -> Figure:
    peak = anon_peak = 0
    done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak, anon_peak
        while not done.is_set():
            peak = max(peak, _status_kb(pid, "VmRSS"))
            anon_peak = max(anon_peak, _status_kb(pid, "RssAnon"))
            await asyncio.sleep(0.05)

    async with httpx.AsyncClient(base_url=base, timeout=None) as client:
        # A warm-up request: the first request loads code that later requests share.
        await client.get("/health")
        before = _status_kb(pid, "VmRSS")
        anon_before = _status_kb(pid, "RssAnon")
        sampler = asyncio.create_task(sample())
        started = time.perf_counter()
        size = 0
        newlines = 0
        last = b""
        async with client.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
            assert response.status_code == 200, await response.aread()
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                # Rows end with CRLF; a chunk may end between the CR and the LF.
                newlines += (last + chunk[:1]).count(b"\r\n") + chunk.count(b"\r\n")
                last = chunk[-1:]
        seconds = time.perf_counter() - started
        done.set()
        await sampler
    peak = max(peak, _status_kb(pid, "VmHWM"))
    return Figure(
        0, anon_before / 1024, anon_peak / 1024, before / 1024, peak / 1024, seconds, newlines - 1, size / 1e6
    )


async def _reuse(n: int, workdir: Path) -> items.Fixture:
    """The board of an earlier run's database (kept with --keep), with a fresh token."""
    from sqlalchemy import select

    import openinfinity.db_models  # noqa: F401  (every table known, for the token's foreign keys)
    from openinfinity.accounts.users.models import User
    from openinfinity.auth import service as auth
    from openinfinity.boards.models import Board
    from openinfinity.core.config import Settings
    from openinfinity.core.db import Database

    url = f"sqlite+aiosqlite:///{workdir / f'bench_{n}.db'}"
    db = Database(Settings(database_url=url))
    try:
        async with db.transaction() as session:
            user = (await session.scalars(select(User).where(User.email == "bench@example.com"))).one()
            board = (await session.scalars(select(Board))).one()
            _, token = await auth.issue_token(session, user, name="bench-csv")
            return items.Fixture(url, token, board.workspace_id, board.id, "", {}, [])
    finally:
        await db.dispose()


def bench_one(n: int, workdir: Path, *, reuse: bool) -> Figure:
    if reuse and (workdir / f"bench_{n}.db").exists():
        fx = asyncio.run(_reuse(n, workdir))
    else:
        fx, _, _ = dataset.build(n, workdir)
    port = items._free_port()
    process = items._serve(fx.database_url, port, workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(items._wait_ready(base, process))
        url = f"/api/v2/workspaces/{fx.workspace_id}/boards/{fx.board_id}/items.csv"
        figure = asyncio.run(_export(base, url, fx.token, process.pid))
    finally:
        process.terminate()
        process.wait(timeout=30)
    figure.n = n
    print(figure.row(), flush=True)
    assert figure.rows == n, f"exported {figure.rows} rows of {n}"
    return figure


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, action="append", help="board size N (repeatable)")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where the databases go (default: a temp dir)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep each database, and reuse one a former --keep run left (SQLite)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oi-bench-csv-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        figures = []
        for n in args.items or [10_000, 100_000]:
            figures.append(bench_one(n, workdir, reuse=args.keep))
            if not args.keep:
                (workdir / f"bench_{n}.db").unlink(missing_ok=True)
        print("\nCSV export, server process memory (SQLite unless OPENINFINITY_BENCH_DATABASE_URL):")
        for figure in figures:
            print(figure.row())


if __name__ == "__main__":
    main()
