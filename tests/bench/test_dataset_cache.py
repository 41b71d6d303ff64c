"""The benchmark's board cache: a board is built once, each use gets a copy, and a board built
under older migrations is upgraded with Alembic rather than rebuilt (real SQLite, real Alembic)."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from bench import dataset_cache
from openinfinity.core import migrate

OLDER = "0017"


def _version(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT version_num FROM alembic_version")}


def _board(head: str) -> dataset_cache.Board:
    stamp = datetime(2020, 11, 26, 13, 57, 11, 5000)
    return dataset_cache.Board(
        n=3,
        head=head,
        token="secret",
        workspace_id=1,
        board_id="b",
        folder_id="f",
        attributes={"Name": "a"},
        user_id=1,
        sample=[("item", stamp)],
    )


def test_built_once_copied_each_time_and_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENINFINITY_BENCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENINFINITY_BENCH_REBUILD", raising=False)
    loads: list[Path] = []

    def load(path: Path, n: int) -> dataset_cache.Board:
        loads.append(path)
        migrate.upgrade(f"sqlite+aiosqlite:///{path}", OLDER)  # a board built before the last migration
        return _board(OLDER)

    first = dataset_cache.sqlite_board(3, tmp_path / "run1.db", load)
    assert len(loads) == 1
    assert first.head == dataset_cache.code_head() != OLDER
    assert _version(tmp_path / "run1.db") == _version(tmp_path / "cache" / "sqlite_3.db")
    assert _version(tmp_path / "run1.db") != {OLDER}

    # A run's writes stay in its copy; the next run starts from the cache, without loading.
    with sqlite3.connect(tmp_path / "run1.db") as conn:
        conn.execute("CREATE TABLE written_by_a_run (x)")
    second = dataset_cache.sqlite_board(3, tmp_path / "run2.db", load)
    assert len(loads) == 1
    assert second == first
    with sqlite3.connect(tmp_path / "run2.db") as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "written_by_a_run" not in tables

    monkeypatch.setenv("OPENINFINITY_BENCH_REBUILD", "1")
    dataset_cache.sqlite_board(3, tmp_path / "run3.db", load)
    assert len(loads) == 2


def test_a_head_this_code_does_not_know_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENINFINITY_BENCH_CACHE", str(tmp_path))
    monkeypatch.delenv("OPENINFINITY_BENCH_REBUILD", raising=False)
    _board("9999_from_a_newer_branch").save(tmp_path / "sqlite_3.json")
    (tmp_path / "sqlite_3.db").write_bytes(b"")
    loads: list[int] = []

    def load(path: Path, n: int) -> dataset_cache.Board:
        loads.append(n)
        migrate.upgrade(f"sqlite+aiosqlite:///{path}")
        return _board(dataset_cache.code_head())

    board = dataset_cache.sqlite_board(3, tmp_path / "run.db", load)
    assert loads == [3]
    assert board.head == dataset_cache.code_head()
