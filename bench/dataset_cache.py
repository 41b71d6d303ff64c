"""Built benchmark boards, kept between runs: a board of 1,000,000 items takes minutes to load and
seconds to copy.

- SQLite: `sqlite_<N>.db` in the cache directory (OPENINFINITY_BENCH_CACHE, by default
  ~/.cache/openinfinity-bench), copied to the work directory before each use (a run writes to it).
- PostgreSQL: the database `openinfinity_bench_<N>_cache` on the benchmark's server, from which each
  run makes `openinfinity_bench_<N>` with CREATE DATABASE ... TEMPLATE.

Next to each, a JSON file holds what the benchmark needs to drive the board (token, ids, a sample of
items) and the migration head it was built under. A cache at an older head than the code's is
upgraded with Alembic (once, in place), like any long-lived database; a head this code does not
know (a newer branch built it) or OPENINFINITY_BENCH_REBUILD=1 makes it build afresh.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import asyncpg
from alembic.script import ScriptDirectory

from openinfinity.core import migrate


@dataclass
class Board:
    """What a built board is: its size, migration head, and the handles the benchmark drives it by."""

    n: int
    head: str
    token: str
    workspace_id: int
    board_id: str
    folder_id: str
    attributes: dict[str, str]
    user_id: int
    # (id, created_at) of every sampled bulk item, for random cursors and gets
    sample: list[tuple[str, datetime]]

    def save(self, path: Path) -> None:
        data = asdict(self)
        data["sample"] = [(i, stamp.isoformat()) for i, stamp in self.sample]
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> Board | None:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        data["sample"] = [(i, datetime.fromisoformat(stamp)) for i, stamp in data["sample"]]
        return cls(**data)


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "openinfinity-bench"
    path = Path(os.environ.get("OPENINFINITY_BENCH_CACHE") or default)
    path.mkdir(parents=True, exist_ok=True)
    return path


def code_head() -> str:
    return ",".join(sorted(migrate.head_revisions()))


def _usable(board: Board | None, n: int) -> bool:
    """Built for n items under migrations this code has (at its head or behind it)."""
    if board is None or board.n != n or os.environ.get("OPENINFINITY_BENCH_REBUILD") == "1":
        return False
    scripts = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    known = {script.revision for script in scripts.walk_revisions()}
    return set(board.head.split(",")) <= known


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _copy_sqlite(source: Path, target: Path) -> None:
    for stale in _sqlite_files(target):
        stale.unlink(missing_ok=True)
    for src, dst in zip(_sqlite_files(source), _sqlite_files(target), strict=True):
        if src.exists():
            shutil.copyfile(src, dst)


def sqlite_board(n: int, target: Path | None, load: Callable[[Path, int], Board]) -> Board:
    """Make sure the cached board of n items exists at the code's migration head (upgrade it, or
    build it with `load(path, n)`), then copy it to `target` (a SQLite file) unless that is None."""
    cached, meta_path = cache_dir() / f"sqlite_{n}.db", cache_dir() / f"sqlite_{n}.json"
    board = Board.read(meta_path)
    if not (_usable(board, n) and cached.exists()):
        building = cache_dir() / f"sqlite_{n}.building.db"
        for stale in _sqlite_files(building):
            stale.unlink(missing_ok=True)
        board = load(building, n)
        _copy_sqlite(building, cached)
        for done in _sqlite_files(building):
            done.unlink(missing_ok=True)
        board.save(meta_path)
    assert board is not None
    if board.head != code_head():
        print(f"N={n}: upgrading the cached SQLite board from {board.head} to {code_head()}", flush=True)
        migrate.upgrade(f"sqlite+aiosqlite:///{cached}")
        board.head = code_head()
        board.save(meta_path)
    else:
        print(f"N={n}: the cached SQLite board ({cached})", flush=True)
    if target is not None:
        _copy_sqlite(cached, target)
    return board


def cache_database(n: int) -> str:
    return f"openinfinity_bench_{n}_cache"


def server_base(server_url: str) -> str:
    """postgresql://user@host:port (no database) of a server URL in either spelling."""
    return server_url.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)[0]


async def _database_exists(base: str, name: str) -> bool:
    conn = await asyncpg.connect(f"{base}/postgres")
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await conn.close()


def postgres_board(server_url: str, n: int, load: Callable[[str, str, int], Board]) -> Board:
    """Make sure the cache database of the board of n items exists at the code's migration head:
    upgrade it, or build it with `load(server_url, database name, n)`."""
    base = server_base(server_url)
    key = hashlib.sha1(base.encode()).hexdigest()[:8]
    meta_path = cache_dir() / f"postgres_{key}_{n}.json"
    name = cache_database(n)
    board = Board.read(meta_path)
    if not (_usable(board, n) and asyncio.run(_database_exists(base, name))):
        board = load(server_url, name, n)
        board.save(meta_path)
    assert board is not None
    if board.head != code_head():
        print(f"N={n}: upgrading the cached PostgreSQL board from {board.head} to {code_head()}", flush=True)
        migrate.upgrade(f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}")
        board.head = code_head()
        board.save(meta_path)
    else:
        print(f"N={n}: the cached PostgreSQL board ({name})", flush=True)
    return board
