"""Real server processes for tests: started on 127.0.0.1, stopped by process id."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

CLI = [sys.executable, "-m", "openinfinity.cli"]
# Generated secrets and the demo sign-in of test servers go here, never to the user's data directory.
DATA_DIR = Path(tempfile.mkdtemp(prefix="openinfinity-test-data-"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENINFINITY_")}
    src = str(Path(__file__).resolve().parent.parent / "src")
    env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    env["OPENINFINITY_DATABASE_URL"] = database_url
    env["OPENINFINITY_DATA_DIR"] = str(DATA_DIR)
    # Per-route windows off unless a test sets them (many tests sign in or create tokens quickly).
    for group in ("UPLOADS", "SIGNIN", "TOKENS"):
        env[f"OPENINFINITY_RATE_LIMIT_{group}"] = "off"
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def cli_json(args: list[str], env: dict[str, str], cwd: Path) -> object:
    result = run_cli(args, env, cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@contextlib.contextmanager
def running_server(
    env: dict[str, str], cwd: Path, *extra_args: str, log: Path | None = None
) -> Iterator[str]:
    """`openinfinity serve` on a free loopback port; yields its base URL. The server's output goes
    to `log`, else to an unnamed temporary file: never to a pipe, which nobody reads while the
    server runs and which, once full (an access record per request), would block the server."""
    port = free_port()
    with log.open("w+") if log is not None else tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), *extra_args],
            env=env,
            cwd=cwd,
            stdout=output,
            stderr=output,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    output.seek(0)
                    raise RuntimeError(f"server exited: {output.read()}")
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
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
