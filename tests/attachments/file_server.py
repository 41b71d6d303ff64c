"""A tiny real HTTP server on 127.0.0.1 for the from-URL tests (runs in a thread of the test
process; `stop()` shuts it down)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.factories_attachments import png_bytes

REPORT = b"%PDF-1.4 quarterly report" + b"." * 2000
PNG = png_bytes(400, 400)


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802  (http.server's name)
        path = self.path
        if path == "/files/report.pdf":
            self._send(200, REPORT, {"Content-Type": "application/pdf"})
        elif path == "/download?id=7":
            self._send(
                200,
                b"plain text",
                {
                    "Content-Type": "text/plain",
                    "Content-Disposition": (
                        "attachment; filename=\"naive.txt\"; filename*=UTF-8''na%C3%AFve.txt"
                    ),
                },
            )
        elif path == "/150":
            self._send(200, PNG, {"Content-Type": "image/png"})
        elif path.startswith("/hop/"):
            remaining = int(path.rsplit("/", 1)[1])
            target = "/files/report.pdf" if remaining == 0 else f"/hop/{remaining - 1}"
            self._send(302, b"", {"Location": target})
        elif path.startswith("/to-localhost/"):
            port = path.rsplit("/", 1)[1]
            self._send(302, b"", {"Location": f"http://localhost:{port}/files/report.pdf"})
        elif path == "/big-declared":
            self._send(200, b"x" * 5000)
        elif path == "/big-chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for _ in range(10):
                chunk = b"y" * 1000
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self._send(404, b"not found")


class FileServer:
    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
