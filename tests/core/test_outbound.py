"""Requests to URLs the server was given go only to checked addresses, and to exactly those
(core/outbound.py): a real HTTP server on 127.0.0.1 stands for a private target."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from openinfinity.core.outbound import GuardedTransport


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        self.seen.append((self.path, self.headers.get("Host", "")))
        if self.path == "/redirect-inward":
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/inside")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture
def private_server() -> Iterator[tuple[int, list[tuple[str, str]]]]:
    seen: list[tuple[str, str]] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1]), seen
    server.shutdown()
    server.server_close()


async def test_a_private_address_is_refused_before_any_connection(
    private_server: tuple[int, list[tuple[str, str]]],
) -> None:
    port, seen = private_server
    async with httpx.AsyncClient(transport=GuardedTransport(allow_private=False)) as http:
        for url in (f"http://127.0.0.1:{port}/x", f"http://localhost:{port}/x"):
            with pytest.raises(httpx.ConnectError, match="private or loopback"):
                await http.get(url)
    assert seen == []


async def test_allowed_requests_go_to_the_checked_address_with_the_name_kept(
    private_server: tuple[int, list[tuple[str, str]]],
) -> None:
    port, seen = private_server
    async with httpx.AsyncClient(transport=GuardedTransport(allow_private=True)) as http:
        response = await http.get(f"http://localhost:{port}/x")
    assert response.status_code == 200 and response.text == "ok"
    assert seen == [("/x", f"localhost:{port}")]


async def test_every_redirect_hop_is_checked(private_server: tuple[int, list[tuple[str, str]]]) -> None:
    port, seen = private_server
    allowed = GuardedTransport(allow_private=True)
    async with httpx.AsyncClient(transport=allowed, follow_redirects=True) as http:
        response = await http.get(f"http://127.0.0.1:{port}/redirect-inward")
    assert response.status_code == 200
    assert [path for path, _ in seen] == ["/redirect-inward", "/inside"]
