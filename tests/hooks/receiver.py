"""A real HTTP receiver for webhook tests: uvicorn on 127.0.0.1, a free port, in the test's loop.

Each receiver serves paths under its own random prefix; a request for any other path (a leftover
hook of an earlier test that happens to reach this port) is answered 410 and not recorded.
"""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
import uvicorn


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def json(self) -> Any:
        return orjson.loads(self.body)

    @property
    def event(self) -> str:
        return str(self.json["event"])

    @property
    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = self.json["payload"]
        return payload


@dataclass
class Reply:
    status: int = 200
    delay: float = 0.0
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b"ok"


class Receiver:
    def __init__(self) -> None:
        self.prefix = f"/{uuid.uuid4().hex[:10]}"
        self.requests: list[Received] = []
        self.scripts: dict[str, list[Reply]] = defaultdict(list)
        self.defaults: dict[str, Reply] = {}
        self.once_when: list[tuple[Callable[[bytes], bool], Reply]] = []
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self._arrived = asyncio.Condition()

    def url(self, name: str = "hook") -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}/{name}"

    def path(self, name: str = "hook") -> str:
        return f"{self.prefix}/{name}"

    def script(self, name: str, *replies: Reply) -> None:
        """Answer the next requests to `name` with these replies, then with its default."""
        self.scripts[self.path(name)].extend(replies)

    def fail_once_when(self, matches: Callable[[bytes], bool], reply: Reply) -> None:
        """Answer the first request whose body `matches` with `reply` (whatever its path)."""
        self.once_when.append((matches, reply))

    def default(self, name: str, reply: Reply) -> None:
        self.defaults[self.path(name)] = reply

    def at(self, name: str = "hook") -> list[Received]:
        return [r for r in self.requests if r.path == self.path(name)]

    async def wait_for(self, count: int, name: str | None = None, *, timeout: float = 10.0) -> list[Received]:
        """Wait until `count` requests arrived (at `name`, or anywhere); fail after `timeout` s."""

        def seen() -> list[Received]:
            return self.at(name) if name else list(self.requests)

        async with asyncio.timeout(timeout), self._arrived:
            await self._arrived.wait_for(lambda: len(seen()) >= count)
        return seen()

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        assert scope["type"] == "http"
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = scope["path"]
        if not path.startswith(self.prefix + "/"):
            await self._respond(send, Reply(status=410, body=b"gone"))
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        queue = self.scripts.get(path)
        reply = queue.pop(0) if queue else self.defaults.get(path, Reply())
        for index, (matches, special) in enumerate(self.once_when):
            if matches(body):
                reply = special
                del self.once_when[index]
                break
        async with self._arrived:
            self.requests.append(Received(path, headers, body, time.monotonic()))
            self._arrived.notify_all()
        if reply.delay:
            await asyncio.sleep(reply.delay)
        await self._respond(send, reply)

    @staticmethod
    async def _respond(send: Any, reply: Reply) -> None:
        headers = [(b"content-type", b"text/plain"), *reply.headers]
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body})

    async def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app, interface="asgi3", log_level="warning", lifespan="off", access_log=False
        )
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:
            await asyncio.sleep(0.005)

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
