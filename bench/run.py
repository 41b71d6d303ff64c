"""The benchmark behind `make bench` / `make bench-quick` (see docs/benchmark.md).

For each board size N it bulk-loads a board of N items with 5 values each, starts
`openinfinity serve --workers 2` and the reference app (bench/reference.py, served the same way)
on the same database, drives both with wrk from the last core, and prints requests/s, p50 and p99
for every request kind, with ours/reference ratios per repetition and their median (of 3).
The last stdout line is one JSON object with the headline figures of the last N.

    PYTHONPATH=src python -m bench.run --items 1000 --items 1000000
    PYTHONPATH=src python -m bench.run --quick          # 100,000 items, short runs
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import drive, items
from bench.drive import Figure, Kind

SERVERS = ("uvicorn", "granian")


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


def start_ours(database_url: str, port: int, server: str, workdir: Path) -> subprocess.Popen[bytes]:
    executable = Path(sys.executable).parent / "openinfinity"
    command = [str(executable), "serve", "--workers", "2", "--port", str(port), "--server", server]
    return subprocess.Popen(
        command, env=_env(database_url), cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def start_reference(
    database: str, user_id: int, port: int, server: str, workdir: Path
) -> subprocess.Popen[bytes]:
    env = {**_env(""), "BENCH_REF_DATABASE": database, "BENCH_REF_USER": str(user_id)}
    if server == "granian":
        command = [sys.executable, "-m", "granian", "--interface", "asgi", "--workers", "2"]
        command += ["--port", str(port), "--log-level", "warning", "bench.reference:app"]
    else:
        command = [sys.executable, "-m", "uvicorn", "bench.reference:app", "--workers", "2"]
        command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def _wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(600):
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


def kinds(fx: items.Fixture, extra: dict[str, Kind]) -> list[tuple[Kind, bool]]:
    """(kind, also asked of the reference)."""
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
    out = [
        (Kind("list 100 + values.attribute", "GET", lists), True),
        (Kind("get item + values.attribute", "GET", gets), True),
        (Kind("create item, 5 values", "POST", [f"{prefix}/items"], bodies, 201), True),
        (Kind("q search, common word (2%)", "GET", [f"{prefix}/items?q=urgent&limit=20"]), True),
        (Kind("q search, rare word", "GET", [f"{prefix}/items?q=quokka&limit=20"]), True),
    ]
    out += [(kind, False) for kind in extra.values()]
    out.append((Kind("PATCH one value", "PATCH", [f"{prefix}/items/{i}" for i, _ in sample], patches), False))
    return out


async def measure(base: str, token: str, kind: Kind, seconds: float, connections: int) -> Figure:
    if drive.wrk_path():
        return await asyncio.to_thread(
            drive.run_wrk, base, token, kind, seconds=seconds, connections=connections
        )
    return await drive.run_httpx(base, token, kind, seconds=seconds, connections=connections)


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


def bench_size(
    n: int, args: argparse.Namespace, workdir: Path
) -> dict[str, list[tuple[Figure, Figure | None]]]:
    from bench.dataset import build

    fx, reference_db, user_id = build(n, workdir)
    ours_port, ref_port = _free_port(), _free_port()
    ours_base, ref_base = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{ref_port}"
    ours = start_ours(fx.database_url, ours_port, args.server, workdir)
    ref = start_reference(reference_db, user_id, ref_port, args.server, workdir)
    (workdir / "reference.log").unlink(missing_ok=True)
    results: dict[str, list[tuple[Figure, Figure | None]]] = {}
    try:
        asyncio.run(_wait_ready(ours_base, ours))
        asyncio.run(_wait_ready(ref_base, ref))
        from bench.extras import extra_kinds

        work = kinds(fx, extra_kinds(ours_base, fx))
        for kind, with_ref in work:
            if with_ref:
                check_same_json(ours_base, ref_base, fx.token, kind)
        for repetition in range(args.repeat):
            for kind, with_ref in work:
                if repetition == 0:  # warm both servers' caches, unmeasured
                    asyncio.run(measure(ours_base, fx.token, kind, 1, args.connections))
                    if with_ref:
                        asyncio.run(measure(ref_base, fx.token, kind, 1, args.connections))
                mine = asyncio.run(measure(ours_base, fx.token, kind, args.seconds, args.connections))
                theirs = None
                if with_ref:
                    theirs = asyncio.run(measure(ref_base, fx.token, kind, args.seconds, args.connections))
                results.setdefault(kind.name, []).append((mine, theirs))
                print(f"  N={n} rep {repetition + 1} {kind.name}: {mine.rps:.0f} req/s", file=sys.stderr)
    finally:
        stop(ours)
        stop(ref)
    return results


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def table(n: int, results: dict[str, list[tuple[Figure, Figure | None]]], args: argparse.Namespace) -> None:
    print(
        f"\nN={n:,} items ({args.database}, {args.server}, 2 workers, wrk -c{args.connections}, "
        f"{args.seconds:g} s x {args.repeat}; medians)"
    )
    print(
        f"{'request':<30} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} | "
        f"{'ref req/s':>9} {'ref p99':>7} | {'ratio':>5} (per repetition)"
    )
    for name, runs in results.items():
        mine = [m for m, _ in runs]
        ratios = [m.rps / r.rps for m, r in runs if r and r.rps]
        ref = [r for _, r in runs if r]
        line = (
            f"{name:<30} {median([m.rps for m in mine]):>8.0f} {median([m.p50_ms for m in mine]):>7.1f}"
            f" {median([m.p99_ms for m in mine]):>7.1f} {sum(m.errors for m in mine):>6} | "
        )
        if ref:
            line += f"{median([r.rps for r in ref]):>9.0f} {median([r.p99_ms for r in ref]):>7.1f} | "
            line += f"{median(ratios):>5.2f} (" + " ".join(f"{x:.2f}" for x in ratios) + ")"
        else:
            line += f"{'-':>9} {'-':>7} | {'-':>5}"
        print(line, flush=True)


def summary(n: int, results: dict[str, list[tuple[Figure, Figure | None]]]) -> dict[str, float]:
    def fig(name: str, attr: str) -> float:
        return round(median([getattr(m, attr) for m, _ in results[name]]), 1)

    def ratio(name: str) -> float:
        return round(median([m.rps / r.rps for m, r in results[name] if r and r.rps]), 2)

    names = {k.split(" ")[0]: k for k in results}
    lst, get, new, search = names["list"], names["get"], names["create"], "q search, common word (2%)"
    return {
        "items": n,
        "list_rps": fig(lst, "rps"),
        "list_p99_ms": fig(lst, "p99_ms"),
        "get_rps": fig(get, "rps"),
        "create_rps": fig(new, "rps"),
        "search_rps": fig(search, "rps"),
        "ratio_list": ratio(lst),
        "ratio_get": ratio(get),
        "ratio_create": ratio(new),
        "ratio_search": ratio(search),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, action="append", help="board size N (repeatable)")
    parser.add_argument("--quick", action="store_true", help="100,000 items, 3-second runs")
    parser.add_argument("--seconds", type=float, default=None, help="seconds per measured run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    sizes = args.items or ([100_000] if args.quick else [1000, 1_000_000])
    args.seconds = args.seconds or (2.0 if args.quick else 10.0)
    args.database = "PostgreSQL" if os.environ.get("OPENINFINITY_BENCH_DATABASE_URL") else "SQLite"
    if not drive.wrk_path():
        print(
            "wrk not found (Debian: apt-get install wrk); falling back to the httpx load generator,"
            " which saturates before the server does: figures are lower bounds",
            file=sys.stderr,
        )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="oi-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        last: dict[str, float] = {}
        for n in sizes:
            results = bench_size(n, args, workdir)
            table(n, results, args)
            last = summary(n, results)
    print(f"(total {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    print(json.dumps(last))


if __name__ == "__main__":
    main()
