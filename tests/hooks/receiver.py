"""A real HTTP receiver for webhook tests: an HTTP/1.1 server (h11 over asyncio streams) on
127.0.0.1, a free port, in the test's event loop. (Not uvicorn: against httpx it adds ~40 ms of
delayed-ACK latency per request on loopback, which would dominate every ordering test.)

Each receiver serves paths under its own random prefix; a request for any other path (a leftover
hook of an earlier test that happens to reach this port) is answered 410 and not recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import h11
import orjson


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
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
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

    async def wait_for(self, count: int, name: str | None = None, *, within: float = 10.0) -> list[Received]:
        """Wait until `count` requests arrived (at `name`, or anywhere); fail after `within` s."""

        def seen() -> list[Received]:
            return self.at(name) if name else list(self.requests)

        await self.wait_until(lambda: len(seen()) >= count, within=within)
        return seen()

    async def wait_until(self, condition: Callable[[], bool], *, within: float = 10.0) -> None:
        """Wait until `condition()` holds after some request arrived; fail after `within` s."""
        async with asyncio.timeout(within), self._arrived:
            await self._arrived.wait_for(condition)

    async def _handle(self, path: str, headers: dict[str, str], body: bytes) -> Reply:
        if not path.startswith(self.prefix + "/"):
            return Reply(status=410, body=b"gone")
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
        return reply

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """HTTP/1.1 with keep-alive, parsed by h11; one response per request, in one write."""
        connection = h11.Connection(h11.SERVER)
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                event = connection.next_event()
                if event is h11.NEED_DATA:
                    data = await reader.read(65536)
                    if not data:
                        return
                    connection.receive_data(data)
                    continue
                if isinstance(event, h11.Request):
                    path = event.target.decode().split("?", 1)[0]
                    headers = {k.decode().lower(): v.decode() for k, v in event.headers}
                    body = b""
                    while True:
                        part = connection.next_event()
                        if part is h11.NEED_DATA:
                            data = await reader.read(65536)
                            if not data:
                                return  # the sender died mid-request: nothing arrived
                            connection.receive_data(data)
                        elif isinstance(part, h11.Data):
                            body += part.data
                        elif isinstance(part, h11.EndOfMessage):
                            break
                    reply = await self._handle(path, headers, body)
                    payload = b"" if reply.status in (204, 304) else reply.body
                    response_headers = [
                        ("content-type", "text/plain"),
                        ("content-length", str(len(payload))),
                        *((k.decode(), v.decode()) for k, v in reply.headers),
                    ]
                    out = connection.send(h11.Response(status_code=reply.status, headers=response_headers))
                    out += connection.send(h11.Data(data=payload)) or b""
                    out += connection.send(h11.EndOfMessage()) or b""
                    writer.write(out or b"")
                    await writer.drain()
                    if connection.our_state is h11.MUST_CLOSE:
                        return
                    connection.start_next_cycle()
                elif isinstance(event, h11.ConnectionClosed):
                    return
        except (ConnectionError, h11.RemoteProtocolError):
            return
        except asyncio.CancelledError:
            pass  # stop() ends idle keep-alive connections
        finally:
            self._connections.discard(task)
            writer.close()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve_connection, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._server.wait_closed(), 2)
