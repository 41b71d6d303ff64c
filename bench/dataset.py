"""The benchmark's data: a board of N items with 5 values each, bulk-loaded (not N API calls).

SQLite (default): a fresh database file in the work directory. PostgreSQL when
OPENINFINITY_BENCH_DATABASE_URL is set: a fresh database `openinfinity_bench_<N>` on that server.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from bench import items


def build(n: int, workdir: Path) -> tuple[items.Fixture, str, int]:
    """(fixture, what the reference opens: a SQLite path or a PostgreSQL URL, the bench user's id)."""
    from openinfinity.core.migrate import upgrade

    server = os.environ.get("OPENINFINITY_BENCH_DATABASE_URL")
    if server:
        from bench import dataset_pg

        database_url, plain = dataset_pg.fresh_database(server, n)
    else:
        path = workdir / f"bench_{n}.db"
        path.unlink(missing_ok=True)
        database_url, plain = f"sqlite+aiosqlite:///{path}", str(path)
    upgrade(database_url)
    token, workspace_id, board_id, folder_id, attributes, user_id = asyncio.run(
        items._setup_board(database_url)
    )
    started = time.perf_counter()
    if server:
        from bench import dataset_pg

        sample = dataset_pg.bulk(plain, n, board_id, folder_id, attributes, user_id)
    else:
        sample = items._bulk_sqlite(plain, n, board_id, folder_id, attributes, user_id)
    print(f"N={n}: loaded {n} items / {5 * n} values in {time.perf_counter() - started:.1f} s", flush=True)
    fx = items.Fixture(database_url, token, workspace_id, board_id, folder_id, attributes, sample)
    return fx, plain, user_id
