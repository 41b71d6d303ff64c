"""Where a request's CPU goes, by layer: py-spy samples a 1-worker `openinfinity serve` while wrk
drives one request kind (a get item with its values by default), and bench/layers.py folds the
samples into layers (our packages, SQLAlchemy ORM / Core / engine, FastAPI, Starlette, middleware,
uvicorn + asyncio, the database driver, the CPython runtime) with their shares.

    PYTHONPATH=src:. python -m bench.profile_get --items 10000 --seconds 30
    PYTHONPATH=src:. python -m bench.profile_get --kind list --backend postgres --output /tmp/p.txt

py-spy (PyPI `py-spy`) attaches to the server process, so it needs ptrace rights (root, or
kernel.yama.ptrace_scope = 0). The board comes from the benchmark's cache (bench/dataset_cache.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import cpu, dataset, drive, layers, run
from bench.drive import Figure


def py_spy() -> str:
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(found).exists():
        raise SystemExit("py-spy not found: pip install py-spy (it is in the dev extras)")
    return found


def record(pid: int, seconds: float, rate: int, raw: Path) -> None:
    command = [py_spy(), "record", "--pid", str(pid), "--duration", str(round(seconds)), "--rate", str(rate)]
    command += ["--native", "--subprocesses", "--full-filenames", "-f", "raw", "-o", str(raw)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode or not raw.exists():
        raise SystemExit(f"py-spy failed: {done.stderr[-2000:]}")


def profile(args: argparse.Namespace, workdir: Path) -> str:
    server_url = os.environ.get("OPENINFINITY_BENCH_DATABASE_URL") if args.backend == "postgres" else None
    fx, _, _ = dataset.build(args.items, workdir, server_url)
    port = run._free_port()
    base = f"http://127.0.0.1:{port}"
    process = run.start_ours(fx.database_url, port, "uvicorn", workdir, workers=1)
    try:
        asyncio.run(run.wait_ready(base, process))
        kinds = run.kinds(fx, {})
        if args.kind not in kinds:
            raise SystemExit(f"unknown kind {args.kind}: one of {', '.join(kinds)}")
        kind, _ = kinds[args.kind]
        drive.run_wrk(base, fx.token, kind, seconds=3, connections=args.connections)  # warm, unsampled
        raw = workdir / "profile.raw"
        figure: list[Figure] = []
        load = threading.Thread(
            target=lambda: figure.append(
                drive.run_wrk(base, fx.token, kind, seconds=args.seconds + 2, connections=args.connections)
            )
        )
        before = cpu.settled_seconds(process.pid)
        load.start()
        time.sleep(1)  # sample under full load only
        record(process.pid, args.seconds, args.rate, raw)
        load.join()
        spent = cpu.settled_seconds(process.pid) - before
        folded = layers.fold(raw.read_text().splitlines())
        if args.keep_raw:
            shutil.copyfile(raw, args.keep_raw)
    finally:
        run.stop(process)
    served = figure[0]
    head = (
        f"Profile of `{kind.name}` by layer: {args.backend}, {args.items:,} items, `openinfinity serve`"
        f" (uvicorn, 1 worker), wrk -t1 -c{args.connections}; py-spy --native at {args.rate} Hz for"
        f" {args.seconds:g} s: {folded.samples} samples on CPU.\n"
        f"Under the profiler: {served.rps:.0f} req/s, p99 {served.p99_ms:.1f} ms,"
        f" {spent * 1000 / (served.requests + args.connections):.2f} CPU ms per request"
        " (sampling slows the server: compare shares, not speeds).\n"
    )
    return head + "\n" + layers.report(folded) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument(
        "--kind", default="get", help="a kind of bench/run.py: get, list, create, search, ..."
    )
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--output", type=Path, default=None, help="also write the report to this file")
    parser.add_argument("--keep-raw", type=Path, default=None, help="keep py-spy's raw samples here")
    parser.add_argument("--from-raw", type=Path, default=None, help="only fold raw samples kept earlier")
    args = parser.parse_args()
    if args.from_raw:
        print(layers.report(layers.fold(args.from_raw.read_text().splitlines())))
        return
    if args.backend == "postgres" and not os.environ.get("OPENINFINITY_BENCH_DATABASE_URL"):
        parser.error("--backend postgres needs OPENINFINITY_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory(prefix="oi-profile-") as tmp:
        text = profile(args, Path(tmp))
    print(text)
    if args.output:
        args.output.write_text(text)


if __name__ == "__main__":
    main()
