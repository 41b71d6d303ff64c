"""CPU time of a server: its process and every child (the workers), user + system, in seconds.

Read before and after a measured run, the difference divided by the requests served is the CPU
the server spent per request, whatever the machine's other load did to its throughput. On
PostgreSQL the database's own processes are measured apart (SQLite works inside the server).
"""

from __future__ import annotations

import asyncio
import time

import asyncpg
import psutil


def tree_seconds(pid: int) -> float:
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:  # a worker that exited between the listing and now
            continue
        total += times.user + times.system
    return total


def settled_seconds(pid: int, *, step: float = 0.25, quiet: float = 0.02, limit: float = 20.0) -> float:
    """tree_seconds once the server has finished its work: when the load generator stops, each of
    its connections still has one request in the server, which runs to its end. Waits until the
    server used less than `quiet` CPU seconds in `step` (its idle timers stay below that)."""
    last = tree_seconds(pid)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        time.sleep(step)
        now = tree_seconds(pid)
        if now - last < quiet:
            return now
        last = now
    return last


def seconds_by_pid(pids: list[int], name: str) -> dict[int, float]:
    """CPU seconds of each of these processes named `name` (one that is gone, not readable or named
    otherwise, as the pid of a database server on another host would be here, is left out)."""
    out = {}
    for pid in pids:
        try:
            process = psutil.Process(pid)
            if process.name() != name:
                continue
            times = process.cpu_times()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        out[pid] = times.user + times.system
    return out


def postgres_backends(plain_url: str) -> list[int]:
    """The pids of the PostgreSQL backends connected to this database (other than the asking one):
    on a local server, their CPU is the database's share of a request."""

    async def ask() -> list[int]:
        conn = await asyncpg.connect(plain_url)
        try:
            rows = await conn.fetch(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        finally:
            await conn.close()
        return [int(row["pid"]) for row in rows]

    return asyncio.run(ask())
