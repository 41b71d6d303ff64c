"""The operator's mistakes `serve` and `worker` catch before starting, each with one line."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from openinfinity.core.migrate import upgrade
from tests.conftest import POSTGRES_URL, free_tcp_port
from tests.databases import create_postgres_database, drop_postgres_database
from tests.servers import cli_env, run_cli, running_server

needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL, reason="PostgreSQL tests need OPENINFINITY_TEST_POSTGRES_URL (CI sets it)"
)


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.strip().splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, stderr
    return lines[0]


@needs_postgres
@pytest.mark.parametrize("command", [["serve"], ["serve", "--demo"], ["worker"]])
def test_unmigrated_postgres_is_refused_with_the_command_to_run(tmp_path: Path, command: list[str]) -> None:
    url = asyncio.run(create_postgres_database())
    try:
        result = run_cli(command, cli_env(url), tmp_path)
    finally:
        asyncio.run(drop_postgres_database(url))
    assert result.returncode == 1
    assert one_error_line(result.stderr) == "error: the database has no schema: run openinfinity migrate"


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    env = cli_env(f"postgresql://nobody@127.0.0.1:{free_tcp_port()}/nothing")
    result = run_cli(["serve"], env, tmp_path)
    assert result.returncode == 1
    assert one_error_line(result.stderr).startswith("error: cannot reach the database: ")


def test_two_workers_without_redis_are_refused(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'w.db'}")
    result = run_cli(["serve", "--workers", "2"], env, tmp_path)
    assert result.returncode == 1
    line = one_error_line(result.stderr)
    assert "--workers 2 without OPENINFINITY_REDIS_URL" in line and "OPENINFINITY_RATE_LIMIT=off" in line


def test_two_workers_start_when_limiting_is_off(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'w.db'}", OPENINFINITY_RATE_LIMIT="off")
    with running_server(env, tmp_path, "--workers", "2", log=tmp_path / "server.log"):
        pass
    assert "starting uvicorn" in (tmp_path / "server.log").read_text()


@needs_postgres
def test_postgres_server_delivers_webhooks_itself_unless_off(tmp_path: Path) -> None:
    async def migrated() -> str:
        url = await create_postgres_database()
        await asyncio.to_thread(upgrade, url)
        return url

    url = asyncio.run(migrated())
    try:
        log = tmp_path / "server.log"
        with running_server(cli_env(url), tmp_path, log=log):
            pass
        assert "webhooks are delivered by this server" in log.read_text()
        off = cli_env(url, OPENINFINITY_WEBHOOK_DISPATCHER="off")
        with running_server(off, tmp_path, log=log):
            pass
        assert "run openinfinity worker next to it" in log.read_text()
    finally:
        asyncio.run(drop_postgres_database(url))
