"""Server processes the proof tests kill at will (tests/servers.py's context manager only stops them
politely), a board to write to, and a webhook receiver on a thread."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from tests.servers import CLI, cli_json, free_port


class Server:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [*CLI, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 40
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("server exited at start")
            try:
                if httpx.get(f"{self.base}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError("server did not become healthy")
            time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers, no flush, like a power cut of the process."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def bootstrap(env: dict[str, str], cwd: Path, email: str = "proof@example.com") -> dict[str, Any]:
    result: dict[str, Any] = cli_json(
        ["bootstrap", "--email", email, "--name", "Proof", "--workspace", "Proof"], env, cwd
    )
    return result


def make_board(base: str, token: str, workspace_id: int, attributes: int = 3) -> dict[str, Any]:
    """A board with `attributes` text attributes and a folder showing them."""
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        board = http.post(f"/api/v2/workspaces/{workspace_id}/boards", json={"name": "Proof"}).json()
        prefix = f"/api/v2/workspaces/{workspace_id}/boards/{board['id']}"
        attrs = [
            http.post(f"{prefix}/attributes", json={"name": f"A{i}", "type": "text"}).json()["id"]
            for i in range(attributes)
        ]
        folder = http.post(f"{prefix}/folders", json={"name": "F", "attribute_ids": attrs}).json()
    return {"prefix": prefix, "attributes": attrs, "folder_id": folder["id"], "board_id": board["id"]}


class Receiver:
    """Records every webhook body POSTed to it."""

    def __init__(self) -> None:
        received: list[dict[str, Any]] = []
        lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    received.append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
