"""Consistent copies of the database while the server runs: SQLite's online backup API (pages
copied under a read transaction, so every write committed before it started is in it), and
`pg_dump` / `pg_restore` for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import make_url

from openinfinity.backup.manifest import BackupError
from openinfinity.core.progress import SILENT, Progress

COUNTED = ("users", "workspaces", "boards", "items", "attachments")


# Pages copied per step of the online backup: the copy reports between steps.
PAGES_PER_STEP = 1024


def sqlite_copy(source: Path, target: Path, *, progress: Progress = SILENT) -> None:
    copied = 0

    def report(_status: int, remaining: int, total: int) -> None:
        nonlocal copied
        if copied == 0:
            progress.stage("database", total)
        progress.advance(total - remaining - copied)
        copied = total - remaining

    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        src.backup(dst, pages=PAGES_PER_STEP, progress=report)
    with sqlite3.connect(target) as check:
        verdict = check.execute("PRAGMA integrity_check").fetchone()[0]
    if verdict != "ok":
        raise BackupError(f"the copied database fails its integrity check: {verdict}")


def sqlite_facts(path: Path) -> tuple[list[str], dict[str, int]]:
    """The migration head and row counts of an SQLite database file."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        head = sorted(row[0] for row in db.execute("SELECT version_num FROM alembic_version"))
        counts = {table: int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]) for table in COUNTED}
    return head, counts


def _libpq_url(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client tools (Debian: postgresql-client)"
        )
    return found


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise BackupError(f"{Path(command[0]).name}: {last}")


def pg_dump(database_url: str, target: Path) -> None:
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", _libpq_url(database_url)])


def pg_restore(database_url: str, source: Path, *, clean: bool) -> None:
    command = [_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={_libpq_url(database_url)}"]
    if clean:
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)])
