"""A Server-Sent Events reader over a real HTTP stream (httpx), for the change-feed tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass
class Event:
    id: str | None
    event: str
    data: str

    @property
    def json(self) -> Any:
        return json.loads(self.data)


class Stream:
    """The events of one open response, parsed as they arrive; comments are counted apart."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.events: asyncio.Queue[Event | None] = asyncio.Queue()
        self.comments = 0
        self.ended = asyncio.Event()
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        fields: dict[str, str] = {}
        try:
            async for line in self.response.aiter_lines():
                if line == "":
                    if "data" in fields or "id" in fields:
                        event = Event(
                            fields.get("id"), fields.get("event", "message"), fields.get("data", "")
                        )
                        await self.events.put(event)
                    fields = {}
                elif line.startswith(":"):
                    self.comments += 1
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value.removeprefix(" ")
        except (httpx.TransportError, httpx.StreamError):
            pass
        finally:
            self.ended.set()
            await self.events.put(None)

    async def next(self, within: float = 5.0) -> Event:
        event = await asyncio.wait_for(self.events.get(), within)
        assert event is not None, "the stream ended"
        return event

    async def changes(self, count: int, within: float = 5.0) -> list[Event]:
        """The next `count` change events (ready events skipped)."""
        found: list[Event] = []
        while len(found) < count:
            event = await self.next(within)
            if event.event != "ready":
                found.append(event)
        return found

    async def quiet(self, seconds: float) -> list[Event]:
        """Whatever arrives within `seconds` (nothing, when all is well)."""
        found: list[Event] = []
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while True:
                    event = await self.events.get()
                    if event is None:
                        break
                    found.append(event)
        return found

    async def close(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        await self.response.aclose()


@contextlib.asynccontextmanager
async def open_stream(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], *, after: str | None = None, **extra: str
) -> AsyncIterator[Stream]:
    request_headers = {**headers, "Accept": "text/event-stream", **extra}
    params = {"after": after} if after else None
    request = http.build_request("GET", url, headers=request_headers, params=params)
    response = await http.send(request, stream=True)
    assert response.status_code == 200, (await response.aread()).decode()
    assert response.headers["content-type"].startswith("text/event-stream")
    stream = Stream(response)
    try:
        yield stream
    finally:
        await stream.close()
