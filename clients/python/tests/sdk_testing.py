"""Helpers of the SDK tests (imported by conftest and the tests). The SDK is tested against a
real `openinfinity serve` on 127.0.0.1 (SQLite; PostgreSQL too when
OPENINFINITY_TEST_POSTGRES_URL is set), one server per backend for the session, stopped by pid.
Each test gets its own board, so tests do not see each other's data."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import asyncpg  # the server's PostgreSQL driver: installed wherever the server is
import httpx
import pytest

from infinity_client import Client, Retries
from infinity_client.models import Attribute, Board, Folder

CLI = [sys.executable, "-m", "openinfinity.cli"]
POSTGRES_URL = os.environ.get("OPENINFINITY_TEST_POSTGRES_URL")
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgres", marks=pytest.mark.skipif(not POSTGRES_URL, reason="set OPENINFINITY_TEST_POSTGRES_URL")
    ),
]


@dataclass
class Server:
    base_url: str
    token: str
    workspace: int
    user_id: int
    env: dict[str, str]
    cwd: Path

    def client(self, **options: object) -> Client:
        options.setdefault("retries", Retries(max_retries=2, backoff=0.05))
        return Client(self.token, base_url=self.base_url, workspace=self.workspace, **options)  # type: ignore[arg-type]

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [*CLI, *args], env=self.env, cwd=self.cwd, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres(action: str, name: str) -> None:
    async def run() -> None:
        assert POSTGRES_URL
        admin = await asyncpg.connect(POSTGRES_URL)
        try:
            await admin.execute(
                f'CREATE DATABASE "{name}"'
                if action == "create"
                else f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
            )
        finally:
            await admin.close()

    asyncio.run(run())


def server_env(database_url: str, tmp: Path, **extra_env: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENINFINITY_")}
    env.update(
        OPENINFINITY_DATABASE_URL=database_url,
        OPENINFINITY_DATA_DIR=str(tmp),
        OPENINFINITY_SECRET_KEY="sdk-tests",
        OPENINFINITY_RATE_LIMIT="100000/minute",
        OPENINFINITY_LOG_LEVEL="warning",
        OPENINFINITY_CHANGES_POLL_INTERVAL="0.1",
        OPENINFINITY_CHANGES_HEARTBEAT_SECONDS="1",
        OPENINFINITY_CHANGES_ACCESS_CHECK_SECONDS="0.5",
        OPENINFINITY_TOKEN_CACHE_SECONDS="0.2",
        OPENINFINITY_ALLOW_PRIVATE_URLS="true",
        OPENINFINITY_WEBHOOK_TIMEOUT="5",
    )
    env.update(extra_env)
    return env


def bootstrap(env: dict[str, str], tmp: Path) -> dict[str, int | str]:
    """Migrate the database and make the test user, its workspace and a token: `bootstrap` migrates
    first, so no separate `migrate` (a CLI start costs seconds on a busy machine)."""
    boot = subprocess.run(
        [*CLI, "bootstrap", "--email", "sdk@example.com", "--name", "SDK", "--workspace", "SDK"],
        env=env, cwd=tmp, check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    credentials: dict[str, int | str] = json.loads(boot.stdout)
    return credentials


@contextlib.contextmanager
def serving(env: dict[str, str], tmp: Path, port: int | None = None) -> Iterator[str]:
    """`openinfinity serve` on 127.0.0.1 (a free port unless given); yields its base URL."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    # Output to a file, never a pipe: nobody reads a pipe while the server runs, and a full one blocks it.
    with (tmp / f"server-{port}.log").open("a+") as log:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=tmp,
            stdout=log,
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise RuntimeError(f"server exited: {log.read()}")
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not become healthy in 30 s")
                time.sleep(0.1)
            yield base
        finally:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


@contextlib.contextmanager
def running_server(database_url: str, tmp: Path, **extra_env: str) -> Iterator[Server]:
    env = server_env(database_url, tmp, **extra_env)
    credentials = bootstrap(env, tmp)
    with serving(env, tmp) as base:
        yield Server(
            base,
            str(credentials["token"]),
            int(credentials["workspace_id"]),
            int(credentials["user_id"]),
            env,
            tmp,
        )


@dataclass
class BoardSetup:
    board: Board
    folder: Folder
    status: Attribute


class Receiver(ThreadingHTTPServer):
    """A webhook receiver on 127.0.0.1 that records each request's body and headers."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[tuple[bytes, dict[str, str]]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"

    def wait_for(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} of {count} deliveries arrived"
            time.sleep(0.05)


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802  (the http.server name)
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.server.received.append((body, dict(self.headers.items())))
        self.send_response(200)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802  (the http.server name)
        """A file to fetch (attachments from a URL): /files/<name> answers `file:<name>`."""
        content = f"file:{self.path.rsplit('/', 1)[-1]}".encode()
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def receiving() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
