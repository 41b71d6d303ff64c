"""A real `openinfinity serve` for the guide's samples, with a user, a token and a local receiver
standing in for a webhook endpoint on the internet."""

from __future__ import annotations

import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.servers import cli_env, cli_json, running_server


@dataclass
class Captured:
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)


def _receiver(captured: Captured) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (the standard library's name)
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            captured.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            captured.arrived.set()
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@dataclass
class GuideServer:
    env: dict[str, str]
    cwd: Path
    captured: Captured


@pytest.fixture(scope="module")
def guide_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GuideServer]:
    for tool in ("curl", "jq", "node"):
        if shutil.which(tool) is None:
            pytest.fail(f"the guide's samples need {tool}")
    cwd = tmp_path_factory.mktemp("guide")
    env = cli_env(
        f"sqlite:///{cwd / 'guide.db'}",
        OPENINFINITY_RATE_LIMIT="1000000/minute",
        OPENINFINITY_ALLOW_PRIVATE_URLS="true",
        OPENINFINITY_STORAGE_DIR=str(cwd / "files"),
    )
    # The samples call `openinfinity` and `python` as a reader's shell would find them.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    captured = Captured()
    receiver = _receiver(captured)
    thread = threading.Thread(target=receiver.serve_forever, daemon=True)
    thread.start()
    try:
        with running_server(env, cwd) as base:
            boot: Any = cli_json(
                ["bootstrap", "--email", "reader@example.com", "--name", "Reader", "--workspace", "Guide"],
                env,
                cwd,
            )
            env.update(
                OI_URL=base,
                OI_EMAIL="reader@example.com",
                OI_TOKEN=boot["token"],
                WORKSPACE=str(boot["workspace_id"]),
                RECEIVER_URL=f"http://127.0.0.1:{receiver.server_address[1]}/hooks/openinfinity",
            )
            yield GuideServer(env, cwd, captured)
    finally:
        receiver.shutdown()
        receiver.server_close()
