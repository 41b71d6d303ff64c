"""Issue 20 #15: slow clients cannot hold connections: half-sent headers and idle keep-alive
connections are closed by both servers, and a body that stops arriving answers 408."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from tests.factories import Account
from tests.servers import cli_env, running_server


def _closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed the connection (reading whatever it sent), None if not."""
    started = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - started < seconds:
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except ConnectionResetError:
            return time.monotonic() - started
    return None


@pytest.mark.parametrize("server", ["uvicorn", "granian"])
def test_half_sent_headers_and_idle_connections_are_closed(tmp_path: Path, server: str) -> None:
    env = cli_env(
        f"sqlite:///{tmp_path / 'slow.db'}",
        OPENINFINITY_HEADER_TIMEOUT="1",
        OPENINFINITY_KEEP_ALIVE_TIMEOUT="1",
    )
    with running_server(env, tmp_path, "--server", server) as base:
        port = int(base.rsplit(":", 1)[1])
        # Headers that never finish (slowloris): closed after the header timeout.
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            assert _closed_within(sock, 6) is not None, "half-sent headers kept the connection open"
        # The same after a first request on a keep-alive connection.
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.settimeout(5)
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            sock.sendall(b"GET /health HTTP/1.1\r\nHo")
            assert _closed_within(sock, 6) is not None, "a second request's headers were waited for forever"
        # An idle keep-alive connection is closed.
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.settimeout(5)
            assert sock.recv(65536).startswith(b"HTTP/1.1 200")
            assert _closed_within(sock, 8) is not None, "an idle keep-alive connection stayed open"


async def test_a_stalled_body_answers_408(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(body_timeout=0.5)

    async def stalls() -> AsyncIterator[bytes]:
        yield b'{"name": '
        await asyncio.sleep(3)
        yield b'"late"}'

    started = time.monotonic()
    response = await client.post(
        "/api/v2/workspaces",
        content=stalls(),
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 408, response.text
    assert response.json()["code"] == "general/request-timeout"
    assert time.monotonic() - started < 2.5
    # A body that keeps coming is not cut.
    response = await client.post("/api/v2/workspaces", json={"name": "on time"}, headers=owner.headers)
    assert response.status_code == 201
