"""The benchmark behind `make bench` / `make bench-quick` (see docs/benchmark.md).

For each backend (SQLite; PostgreSQL when OPENINFINITY_BENCH_DATABASE_URL is set) and board size N
it takes a board of N items with 5 values each (built once and cached, bench/dataset_cache.py),
starts `openinfinity serve` and the reference app (bench/reference.py, served the same way) on the
same database, drives both with wrk from the last core, and reports for every request kind
requests/s, p50, p99 and the servers' CPU time per request, with ours/reference ratios per
repetition (the two measured back to back) and their median. `--workers-compare` also runs both
with 1 worker and reports how reads and creates scale from 1 to 2 workers. It ends with the
Markdown tables; the last stdout line is one JSON object with the headline figures of the last N.

    PYTHONPATH=src:. python -m bench.run --items 1000 --items 1000000
    PYTHONPATH=src:. python -m bench.run --quick          # 100,000 items, short runs
    PYTHONPATH=src:. python -m bench.run --prepare --items 1000000   # build the caches only
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench import cpu, dataset, drive, items, report
from bench.drive import Figure, Kind
from bench.extras import extra_kinds

SERVERS = ("uvicorn", "granian")
# The kinds, by the key --kinds selects them with; those in COMPARED are also measured at 1 worker
# under --workers-compare.
KINDS = ("list", "get", "create", "search", "rare", "view", "patch")
COMPARED = ("list", "get", "search", "create")


@dataclass
class Server:
    label: str  # "ours" or "reference", then "@<workers>"
    process: subprocess.Popen[bytes]
    base: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(database_url: str) -> dict[str, str]:
    import openinfinity

    env = {
        **os.environ,
        "OPENINFINITY_DATABASE_URL": database_url,
        # Two workers without Redis: `serve` refuses a per-process limit, so limiting is off here.
        "OPENINFINITY_RATE_LIMIT": "off",
        "OPENINFINITY_LOG_LEVEL": "warning",
    }
    env.pop("OPENINFINITY_REDIS_URL", None)
    # The servers import the same openinfinity (and bench/) as this script, a worktree's say.
    source = str(Path(openinfinity.__file__).resolve().parents[1])
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([source, root, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def ours_command(port: int, server: str, workers: int) -> list[str]:
    executable = Path(sys.executable).parent / "openinfinity"
    return [str(executable), "serve", "--workers", str(workers), "--port", str(port), "--server", server]


def start_ours(
    database_url: str, port: int, server: str, workdir: Path, workers: int = 2
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ours_command(port, server, workers),
        env=_env(database_url),
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def start_reference(
    database: str, user_id: int, port: int, server: str, workdir: Path, workers: int = 2
) -> subprocess.Popen[bytes]:
    env = {**_env(""), "BENCH_REF_DATABASE": database, "BENCH_REF_USER": str(user_id)}
    if server == "granian":
        command = [sys.executable, "-m", "granian", "--interface", "asgi", "--workers", str(workers)]
        command += ["--port", str(port), "--log-level", "warning", "bench.reference:app"]
    else:
        command = [sys.executable, "-m", "uvicorn", "bench.reference:app", "--workers", str(workers)]
        command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
        command += ["--timeout-worker-healthcheck", "60"]  # as `openinfinity serve` (a loaded host)
    return subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(1800):  # 3 minutes: several servers may be starting on a loaded machine
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise SystemExit(f"server exited: {error}")
            try:
                await client.get("/health")
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise SystemExit("server did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()


def kinds(fx: items.Fixture, extra: dict[str, Kind]) -> dict[str, tuple[Kind, bool]]:
    """key -> (kind, also asked of the reference)."""
    prefix = f"/api/v2/workspaces/{fx.workspace_id}/boards/{fx.board_id}"
    rng = random.Random(7)
    a = fx.attributes
    sample = fx.sample
    lists = [
        f"{prefix}/items?limit=100&expand[]=values.attribute&after={items._cursor(i, c)}" for i, c in sample
    ]
    gets = [f"{prefix}/items/{i}?expand[]=values.attribute" for i, _ in sample]
    bodies = [
        {
            "folder_id": fx.folder_id,
            "values": [
                # Like the loaded items (2% carry the common word, costs spread over 0-996): the
                # searches and the view measured after the creates (of both servers, thousands of
                # items) meet the board's shape, not a top layer that has none of it.
                {"attribute_id": a["Name"], "data": f"Created {n} {rng.choice(items.WORDS)}{urgent}"},
                {"attribute_id": a["Notes"], "data": "<p>made by the benchmark</p>"},
                {"attribute_id": a["Done"], "data": False},
                {"attribute_id": a["Cost"], "data": n * 37 % 997},
                {"attribute_id": a["Price"], "data": [items.LABELS[n % 4]]},
            ],
        }
        for n in range(500)
        for urgent in (" urgent" if n % 50 == 0 else "",)
    ]
    patches = [{"values": [{"attribute_id": a["Cost"], "data": n}]} for n in range(500)]
    out = {
        "list": (Kind("list 100 + values.attribute", "GET", lists), True),
        "get": (Kind("get item + values.attribute", "GET", gets), True),
        "create": (Kind("create item, 5 values", "POST", [f"{prefix}/items"], bodies, 201), True),
        "search": (Kind("q search, common word (2%)", "GET", [f"{prefix}/items?q=urgent&limit=20"]), True),
        "rare": (Kind("q search, rare word", "GET", [f"{prefix}/items?q=quokka&limit=20"]), True),
    }
    out.update({key: (kind, False) for key, kind in extra.items()})
    patch_paths = [f"{prefix}/items/{i}" for i, _ in sample]
    out["patch"] = (Kind("PATCH one value", "PATCH", patch_paths, patches), False)
    return out


async def measure(base: str, token: str, kind: Kind, seconds: float, connections: int) -> Figure:
    if drive.wrk_path():
        return await asyncio.to_thread(
            drive.run_wrk, base, token, kind, seconds=seconds, connections=connections
        )
    return await drive.run_httpx(base, token, kind, seconds=seconds, connections=connections)


def measure_with_cpu(
    server: Server, token: str, kind: Kind, args: argparse.Namespace, postgres: str | None
) -> Figure:
    """One measured run, with the CPU time the server's processes spent per request served and, on
    PostgreSQL, the database's backends (a backend that appears during the run counts whole).

    Served: the requests wrk completed, plus one per connection, which each had a request in the
    server when wrk stopped; the CPU is read once the server has finished those.
    """
    database = cpu.seconds_by_pid(cpu.postgres_backends(postgres), "postgres") if postgres else {}
    before = cpu.settled_seconds(server.process.pid)
    figure = asyncio.run(measure(server.base, token, kind, args.seconds, args.connections))
    spent = cpu.settled_seconds(server.process.pid) - before
    served = figure.requests + args.connections
    if figure.requests:
        figure.cpu_ms = spent * 1000 / served
    if postgres and database and figure.requests:
        after = cpu.seconds_by_pid(cpu.postgres_backends(postgres), "postgres")
        used = sum(seconds - database.get(pid, 0.0) for pid, seconds in after.items())
        figure.db_cpu_ms = used * 1000 / served
    return figure


def check_same_json(ours: str, reference: str, token: str, kind: Kind) -> None:
    """The reference must give the very answer we give (GETs), else its figures mean nothing."""
    if kind.method != "GET":
        return
    headers = {"Authorization": f"Bearer {token}"}
    path = kind.paths[0]
    a, b = httpx.get(ours + path, headers=headers), httpx.get(reference + path)
    if a.status_code != 200 or b.status_code != 200 or a.json() != b.json():
        print(
            f"warning: the reference answers {kind.name} differently:\n {a.text[:600]}\n {b.text[:600]}",
            file=sys.stderr,
        )


def start_servers(
    fx: items.Fixture, reference_db: str, user_id: int, args: argparse.Namespace, workdir: Path
) -> list[Server]:
    """ours and the reference at --workers, then (--workers-compare) both at 1 worker."""
    counts = [args.workers] + ([1] if args.workers_compare and args.workers != 1 else [])
    servers = []
    for workers in counts:
        port = _free_port()
        process = start_ours(fx.database_url, port, args.server, workdir, workers)
        servers.append(Server(f"ours@{workers}", process, f"http://127.0.0.1:{port}"))
        port = _free_port()
        process = start_reference(reference_db, user_id, port, args.server, workdir, workers)
        servers.append(Server(f"reference@{workers}", process, f"http://127.0.0.1:{port}"))
    return servers


def bench_size(n: int, backend: str | None, args: argparse.Namespace, workdir: Path) -> report.Results:
    """Every selected kind on every server that takes it, `args.repeat` times, back to back."""
    fx, reference_db, user_id = dataset.build(n, workdir, backend)
    postgres = reference_db if backend else None  # the plain URL of the run's PostgreSQL database
    servers = start_servers(fx, reference_db, user_id, args, workdir)
    (workdir / "reference.log").unlink(missing_ok=True)
    results: report.Results = {}
    try:
        for server in servers:
            asyncio.run(wait_ready(server.base, server.process))
        ours, reference = servers[0], servers[1]
        work = {k: v for k, v in kinds(fx, extra_kinds(ours.base, fx)).items() if k in args.kinds}
        for kind, with_ref in work.values():
            if with_ref:
                check_same_json(ours.base, reference.base, fx.token, kind)
        for repetition in range(args.repeat):
            for key, (kind, with_ref) in work.items():
                for server in servers:
                    main = server.label.endswith(f"@{args.workers}")
                    if server.label.startswith("reference") and not with_ref:
                        continue
                    if not main and key not in COMPARED:
                        continue
                    if repetition == 0:  # warm the server's caches, unmeasured
                        asyncio.run(measure(server.base, fx.token, kind, 1, args.connections))
                    figure = measure_with_cpu(server, fx.token, kind, args, postgres)
                    results.setdefault(kind.name, {}).setdefault(server.label, []).append(figure)
                    print(
                        f"  N={n} rep {repetition + 1} {kind.name} {server.label}: {figure.rps:.0f} req/s,"
                        f" {figure.cpu_ms:.2f} CPU ms/request",
                        file=sys.stderr,
                    )
    finally:
        for server in servers:
            stop(server.process)
    return results


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, action="append", help="board size N (repeatable)")
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgres"),
        action="append",
        help="repeatable; default: sqlite, and postgres when OPENINFINITY_BENCH_DATABASE_URL is set",
    )
    parser.add_argument(
        "--kinds", default=",".join(KINDS), help=f"comma-separated subset of {','.join(KINDS)}"
    )
    parser.add_argument("--quick", action="store_true", help="100,000 items, 2-second runs")
    parser.add_argument("--seconds", type=float, default=None, help="seconds per measured run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="workers of both servers (default 2)")
    parser.add_argument(
        "--workers-compare",
        action="store_true",
        help=f"also run both servers with 1 worker and compare ({', '.join(COMPARED)})",
    )
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument(
        "--prepare", action="store_true", help="build (or upgrade) the cached boards, measure nothing"
    )
    parser.add_argument(
        "--markdown", type=Path, default=None, help="also write the Markdown tables to this file"
    )
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    args.items = args.items or ([100_000] if args.quick else [1000, 1_000_000])
    args.seconds = args.seconds or (2.0 if args.quick else 10.0)
    args.kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(args.kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
    postgres = os.environ.get("OPENINFINITY_BENCH_DATABASE_URL")
    args.backend = args.backend or (["sqlite", "postgres"] if postgres else ["sqlite"])
    if "postgres" in args.backend and not postgres:
        parser.error("--backend postgres needs OPENINFINITY_BENCH_DATABASE_URL")
    return args


def main() -> None:
    args = parse_args()
    servers = {"sqlite": None, "postgres": os.environ.get("OPENINFINITY_BENCH_DATABASE_URL")}
    if not drive.wrk_path():
        print(
            "wrk not found (Debian: apt-get install wrk); falling back to the httpx load generator,"
            " which saturates before the server does: figures are lower bounds",
            file=sys.stderr,
        )
    started = time.perf_counter()
    runs: list[report.Run] = []
    with tempfile.TemporaryDirectory(prefix="oi-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for backend in args.backend:
            for n in args.items:
                if args.prepare:
                    dataset.prepare(n, servers[backend])
                    continue
                results = bench_size(n, servers[backend], args, workdir)
                run = report.Run(backend=report.BACKENDS[backend], n=n, results=results)
                runs.append(run)
                report.print_text(run, args)
    print(f"(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    if not runs:
        return
    markdown = report.markdown(runs, args)
    print("\n" + markdown)
    if args.markdown:
        args.markdown.write_text(markdown)
    print(json.dumps(report.summary(runs[-1], args)))


if __name__ == "__main__":
    main()
