"""Two real instances per test: a source (`openinfinity demo` data plus a nested folder and a
hook, served by `openinfinity serve`) and an empty target, on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import BACKENDS
from tests.databases import drop_postgres_database, fresh_database_url, migrated_sqlite_file
from tests.servers import cli_env, cli_json


@dataclass
class Instance:
    name: str
    env: dict[str, str]
    url: str  # the database URL

    def count(self, sql: str) -> int:
        """One number from the instance's database (to watch an import from outside)."""
        if self.url.startswith("sqlite"):
            with sqlite3.connect(self.url.split("///", 1)[1]) as db:
                return int(db.execute(sql).fetchone()[0])

        async def query() -> int:
            conn = await asyncpg.connect(self.url.replace("postgresql+asyncpg://", "postgresql://"))
            try:
                return int(await conn.fetchval(sql))
            finally:
                await conn.close()

        return asyncio.run(query())


def _instance(tmp: Path, name: str, backend: str, made: list[str], **extra: str) -> Instance:
    data = tmp / name
    data.mkdir()
    # Migrated copies of the session's template (tests/databases.py), not `openinfinity migrate`
    # per instance: tests/cli proves the command, and a CLI start costs seconds on a busy machine.
    if backend == "postgres":
        url = asyncio.run(fresh_database_url("postgres", data))
        made.append(url)
    else:
        migrated_sqlite_file(data / "openinfinity.db")
        url = f"sqlite:///{data / 'openinfinity.db'}"
    env = cli_env(url, OPENINFINITY_DATA_DIR=str(data), OPENINFINITY_STORAGE_DIR=str(data / "files"), **extra)
    return Instance(name, env, url)


@pytest.fixture(params=BACKENDS)
def instances(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    made: list[str] = []

    def make(name: str, **extra: str) -> Instance:
        return _instance(tmp_path, name, request.param, made, **extra)

    yield make
    for url in made:
        asyncio.run(drop_postgres_database(url))


def demo(instance: Instance, cwd: Path) -> dict[str, Any]:
    made = cli_json(["demo"], instance.env, cwd)
    assert isinstance(made, dict)
    return made


def enrich(base: str, token: str, workspace_id: int) -> None:
    """What the demo lacks: a folder inside a folder, an item in it, and a hook."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
        ws = f"/api/v2/workspaces/{workspace_id}"
        board = http.get(f"{ws}/boards").json()["data"][0]["id"]
        folders = http.get(f"{ws}/boards/{board}/folders").json()["data"]
        outer = folders[0]["id"]
        inner = http.post(f"{ws}/boards/{board}/folders", json={"name": "Inner", "parent_id": outer})
        assert inner.status_code in (200, 201), inner.text
        item = http.post(f"{ws}/boards/{board}/items", json={"folder_id": inner.json()["id"], "values": []})
        assert item.status_code in (200, 201), item.text
        hook = http.post(
            f"{ws}/boards/{board}/hooks",
            json={"url": "http://127.0.0.1:9/in", "events": [{"event": "item.created"}]},
        )
        assert hook.status_code in (200, 201), hook.text


def target_token(target: Instance, cwd: Path, email: str, workspace_name: str) -> str:
    """A token of the imported workspace's owner on the target (matched there by e-mail)."""
    made = cli_json(
        ["bootstrap", "--email", email, "--name", "Owner", "--workspace", workspace_name], target.env, cwd
    )
    assert isinstance(made, dict)
    return str(made["token"])
