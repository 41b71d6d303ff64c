"""The benchmark's data: a board of N items with 5 values each, bulk-loaded (not N API calls).

SQLite (default): a database file in the work directory. PostgreSQL when a server URL is given
(OPENINFINITY_BENCH_DATABASE_URL by default): the database `openinfinity_bench_<N>` on that server.

Built boards are cached (bench/dataset_cache.py): loading 1,000,000 items takes minutes, copying
the cached board seconds. A cache built under older migrations is upgraded with Alembic, not rebuilt.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

from bench import dataset_cache, dataset_pg, items
from openinfinity.core.migrate import upgrade

FROM_ENV = "env"


def build(n: int, workdir: Path, server: str | None = FROM_ENV) -> tuple[items.Fixture, str, int]:
    """(fixture, what the reference opens: a SQLite path or a PostgreSQL URL, the bench user's id).

    `server`: a PostgreSQL URL, None for SQLite, or FROM_ENV (OPENINFINITY_BENCH_DATABASE_URL if set).
    """
    if server == FROM_ENV:
        server = os.environ.get("OPENINFINITY_BENCH_DATABASE_URL") or None
    if server:
        meta = dataset_cache.postgres_board(server, n, _load_postgres)
        database_url, plain = dataset_pg.copy_of_cache(server, n)
    else:
        path = workdir / f"bench_{n}.db"
        meta = dataset_cache.sqlite_board(n, path, _load_sqlite)
        database_url, plain = f"sqlite+aiosqlite:///{path}", str(path)
    fx = items.Fixture(
        database_url,
        meta.token,
        meta.workspace_id,
        meta.board_id,
        meta.folder_id,
        meta.attributes,
        meta.sample,
    )
    return fx, plain, meta.user_id


def prepare(n: int, server: str | None) -> None:
    """Build or upgrade the cached board of n items (SQLite, or PostgreSQL on `server`), no copy."""
    if server:
        dataset_cache.postgres_board(server, n, _load_postgres)
    else:
        dataset_cache.sqlite_board(n, None, _load_sqlite)


def _load(database_url: str, plain: str, n: int, *, postgres: bool) -> dataset_cache.Board:
    """Migrate an empty database, make the board through the services, bulk-load its n items."""
    upgrade(database_url)
    token, workspace_id, board_id, folder_id, attributes, user_id = asyncio.run(
        items._setup_board(database_url)
    )
    started = time.perf_counter()
    if postgres:
        sample = dataset_pg.bulk(plain, n, board_id, folder_id, attributes, user_id)
    else:
        sample = items._bulk_sqlite(plain, n, board_id, folder_id, attributes, user_id)
    print(f"N={n}: loaded {n} items / {5 * n} values in {time.perf_counter() - started:.1f} s", flush=True)
    return dataset_cache.Board(
        n=n,
        head=dataset_cache.code_head(),
        token=token,
        workspace_id=workspace_id,
        board_id=board_id,
        folder_id=folder_id,
        attributes=attributes,
        user_id=user_id,
        sample=sample,
    )


def _load_sqlite(path: Path, n: int) -> dataset_cache.Board:
    return _load(f"sqlite+aiosqlite:///{path}", str(path), n, postgres=False)


def _load_postgres(server: str, database: str, n: int) -> dataset_cache.Board:
    database_url, plain = dataset_pg.fresh_database(server, database)
    return _load(database_url, plain, n, postgres=True)
