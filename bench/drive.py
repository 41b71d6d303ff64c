"""Load drivers for the benchmark: `wrk` (Debian package `wrk`) pinned to one core, or, when wrk is
not installed, the httpx load generator in bench/loadgen.py (slower: it saturates below the server)."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from typing import Any

from bench import loadgen


@dataclass(frozen=True)
class Kind:
    """One kind of request: a method, a pool of paths (one picked at random per request) and,
    for writes, a pool of JSON bodies."""

    name: str
    method: str
    paths: list[str]
    bodies: list[Any] | None = None
    expect: int = 200


@dataclass
class Figure:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int = 0
    # CPU time the server's processes spent per request served (bench/cpu.py), when measured
    cpu_ms: float = float("nan")
    # CPU time of the PostgreSQL backends of the benchmark's database per request (PostgreSQL only)
    db_cpu_ms: float = float("nan")


def wrk_path() -> str | None:
    return shutil.which("wrk")


def driver_cpus() -> str | None:
    """The core wrk runs on: the last one (the server keeps the others busy)."""
    count = os.cpu_count() or 1
    return str(count - 1) if count > 1 and shutil.which("taskset") else None


_LUA = """
local paths = {%(paths)s}
local bodies = {%(bodies)s}
wrk.method = "%(method)s"
wrk.headers["Authorization"] = "Bearer %(token)s"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local body = nil
  if #bodies > 0 then body = bodies[(n %% #bodies) + 1] end
  return wrk.format(nil, paths[math.random(#paths)], nil, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("\\nRESULT %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    failed, latency:percentile(50), latency:percentile(99)))
end
"""


def _lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def run_wrk(base: str, token: str, kind: Kind, *, seconds: float, connections: int) -> Figure:
    paths = random.Random(1).sample(kind.paths, min(len(kind.paths), 2000))
    bodies = [json.dumps(b) for b in (kind.bodies or [])[:500]]
    script = _LUA % {
        "paths": ",".join(_lua_string(p) for p in paths),
        "bodies": ",".join(_lua_string(b) for b in bodies),
        "method": kind.method,
        "token": token,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    command = [
        wrk_path() or "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
    ]
    command += ["-s", handle.name, base]
    cpus = driver_cpus()
    if cpus:
        command = ["taskset", "-c", cpus, *command]
    try:
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
        output = done.stdout
    finally:
        os.unlink(handle.name)
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    requests, us, errors, p50, p99 = (int(x) for x in line.split()[1:])
    return Figure(requests / (us / 1e6), p50 / 1000, p99 / 1000, errors, requests)


async def run_httpx(base: str, token: str, kind: Kind, *, seconds: float, connections: int) -> Figure:
    rng = random.Random(1)

    def make(i: int) -> loadgen.RequestSpec:
        body = kind.bodies[i % len(kind.bodies)] if kind.bodies else None
        return kind.method, rng.choice(kind.paths), body

    result = await loadgen.run(
        kind.name,
        base,
        {"Authorization": f"Bearer {token}"},
        make,
        concurrency=connections,
        duration=seconds,
        expect=kind.expect,
    )
    return Figure(result.rps, result.percentile(50), result.percentile(99), result.errors, result.requests)
