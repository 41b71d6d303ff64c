"""Backup during a write burst against a real server, restore elsewhere: every write acknowledged
before the backup started is there, the copy passes `PRAGMA integrity_check`, an attachment
uploaded before downloads from a server on the restored data; damaged archives and overwrites
are refused."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import pty
import sqlite3
import subprocess
import tarfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from openinfinity.core.migrate import upgrade
from tests.conftest import POSTGRES_URL
from tests.databases import create_postgres_database, drop_postgres_database
from tests.servers import CLI, cli_env, cli_json, run_cli, running_server


def _env(tmp: Path, name: str, database_url: str | None = None) -> dict[str, str]:
    data = tmp / name
    env = cli_env(database_url or f"sqlite:///{data / 'openinfinity.db'}", OPENINFINITY_DATA_DIR=str(data))
    env["OPENINFINITY_RATE_LIMIT"] = "off"
    return env


def test_backup_during_writes_restores_every_acknowledged_write(tmp_path: Path) -> None:
    source = _env(tmp_path, "source")
    boot = ["bootstrap", "--email", "b@example.com", "--name", "B", "--workspace", "W"]
    made = cli_json(boot, source, tmp_path)
    assert isinstance(made, dict)
    headers = {"Authorization": f"Bearer {made['token']}"}
    acknowledged: list[tuple[float, str]] = []
    stop = threading.Event()
    archive = tmp_path / "backup.tar.gz"
    with running_server(source, tmp_path, log=tmp_path / "source.log") as base:
        uploaded = httpx.post(
            f"{base}/api/v2/workspaces/{made['workspace_id']}/attachments/file",
            headers=headers,
            files={"file": ("plan.txt", b"the plan, kept safe", "text/plain")},
        )
        assert uploaded.status_code == 201, uploaded.text

        def burst() -> None:
            with httpx.Client(base_url=base, headers=headers) as http:
                n = 0
                while not stop.is_set():
                    name = f"burst {n}"
                    if http.post("/api/v2/workspaces", json={"name": name}).status_code == 201:
                        acknowledged.append((time.monotonic(), name))
                    n += 1

        writer = threading.Thread(target=burst)
        writer.start()
        try:
            time.sleep(0.5)
            started = time.monotonic()
            result = run_cli(["backup", str(archive)], source, tmp_path)
            time.sleep(0.3)
        finally:
            stop.set()
            writer.join()
    assert result.returncode == 0, result.stderr
    before = {name for at, name in acknowledged if at < started}
    assert len(before) >= 3, "the burst wrote before the backup started"

    target = _env(tmp_path, "target")
    restored = cli_json(["restore", str(archive)], target, tmp_path)
    assert isinstance(restored, dict) and restored["database"] == "sqlite"
    assert restored["counts"]["attachments"] == 1
    copy = tmp_path / "target" / "openinfinity.db"
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        names = {row[0] for row in db.execute("SELECT name FROM workspaces")}
    assert before <= names
    link = urlsplit(uploaded.json()["link"])
    with running_server(target, tmp_path, log=tmp_path / "target.log") as base:
        download = httpx.get(f"{base}{link.path}?{link.query}")
    assert download.status_code == 200 and download.content == b"the plan, kept safe"


def test_restore_refuses_damage_and_overwrites(tmp_path: Path) -> None:
    source = _env(tmp_path, "source")
    cli_json(["bootstrap", "--email", "c@example.com", "--name", "C", "--workspace", "W"], source, tmp_path)
    archive = tmp_path / "b.tar.gz"
    made = run_cli(["backup", str(archive)], source, tmp_path)
    assert made.returncode == 0 and made.stderr == ""  # quiet in scripts: no progress bar
    again = run_cli(["backup", str(archive)], source, tmp_path)
    assert again.returncode == 1 and "exists" in again.stderr

    onto_itself = run_cli(["restore", str(archive)], source, tmp_path)
    assert onto_itself.returncode == 1
    target = tmp_path / "source" / "openinfinity.db"
    assert (
        onto_itself.stderr.strip()
        == f"error: {target} already holds data; restore with --force to replace it"
    )
    assert run_cli(["restore", "--force", str(archive)], source, tmp_path).returncode == 0

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member) if member.isfile() else None
            if member.name == "database.sqlite3" and data is not None:
                content = bytearray(data.read())
                content[200] ^= 0xFF
                member.size = len(content)
                copy.addfile(member, _bytes(bytes(content)))
            else:
                copy.addfile(member, data)
    refused = run_cli(["restore", str(damaged)], _env(tmp_path, "fresh"), tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: the archive is damaged: corrupt database.sqlite3"
    assert not (tmp_path / "fresh" / "openinfinity.db").exists()


def _bytes(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)


@pytest.mark.skipif(
    not POSTGRES_URL, reason="PostgreSQL tests need OPENINFINITY_TEST_POSTGRES_URL (CI sets it)"
)
def test_postgres_backup_and_restore_with_pg_dump(tmp_path: Path) -> None:
    async def migrated() -> str:
        url = await create_postgres_database()
        await asyncio.to_thread(upgrade, url)
        return url

    source_url, target_url = asyncio.run(migrated()), asyncio.run(create_postgres_database())
    try:
        source = _env(tmp_path, "pg-source", source_url)
        cli_json(
            ["bootstrap", "--email", "p@example.com", "--name", "P", "--workspace", "PW"], source, tmp_path
        )
        archive = tmp_path / "pg.tar.gz"
        made = run_cli(["backup", str(archive)], source, tmp_path)
        assert made.returncode == 0, made.stderr
        target = _env(tmp_path, "pg-target", target_url)
        restored = run_cli(["restore", str(archive)], target, tmp_path)
        assert restored.returncode == 0, restored.stderr
        listed = cli_json(["token", "list", "--email", "p@example.com"], target, tmp_path)
        assert isinstance(listed, list) and len(listed) == 1
    finally:
        asyncio.run(drop_postgres_database(source_url))
        asyncio.run(drop_postgres_database(target_url))


def test_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    source = _env(tmp_path, "tty")
    cli_json(["bootstrap", "--email", "t@example.com", "--name", "T", "--workspace", "W"], source, tmp_path)
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*CLI, "backup", str(tmp_path / "t.tar.gz")],
            env={**source, "COLUMNS": "100"},
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
            check=False,
        )
        os.close(follower)
        shown = b""
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 65536):
                shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"backup" in shown and json.loads(done.stdout)["database"] == "sqlite"
