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
    """`openinfinity serve` on a free loopback port; yields its base URL. With `log`, the server's
    output goes to that file (long-running servers: an unread pipe would fill up and block it)."""
    port = free_port()
    output = log.open("w") if log is not None else None
    process = subprocess.Popen(
        [*CLI, "serve", "--host", "127.0.0.1", "--port", str(port), *extra_args],
        env=env,
        cwd=cwd,
        stdout=output or subprocess.DEVNULL,
        stderr=output or subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                told = log.read_text() if log is not None else process.stderr.read() if process.stderr else ""
                raise RuntimeError(f"server exited: {told}")
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
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        if output is not None:
            output.close()
