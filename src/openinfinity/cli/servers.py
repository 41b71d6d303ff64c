"""The HTTP servers `openinfinity serve` runs, with limits on slow clients (slowloris): a
request's headers must arrive within `header_timeout` seconds of the server waiting for them, an
idle keep-alive connection closes after `keep_alive_timeout`, and a body that pauses longer than
`body_timeout` answers 408 (core/dialects.py, the same for both servers).

Granian for `--server granian`: in the benchmark (docs/benchmark.md) it served the large list
pages faster than uvicorn but small responses (get, search) slower, so uvicorn stays the default.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

import uvicorn
from granian.constants import Interfaces, Loops
from granian.http import HTTP1Settings, HTTP2Settings
from granian.log import LogLevels
from granian.server import Server
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from openinfinity.core.config import Settings
from openinfinity.core.logging import dict_config


class HeaderDeadlineProtocol(HttpToolsProtocol):
    """uvicorn's protocol, which waits for a request's headers forever once a byte of them has
    arrived (its keep-alive timer stops at the first byte), plus a deadline for them: armed when
    the connection opens and after each response, it closes the connection unless a request's
    headers have completed meanwhile."""

    # Read once per worker process from the environment (`serve` passes its settings there);
    # uvicorn builds a protocol per connection and cannot pass it arguments.
    header_timeout: ClassVar[float | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if HeaderDeadlineProtocol.header_timeout is None:
            HeaderDeadlineProtocol.header_timeout = Settings().header_timeout
        self._header_deadline: asyncio.TimerHandle | None = None

    def _arm_header_deadline(self) -> None:
        self._cancel_header_deadline()
        assert self.header_timeout is not None
        self._header_deadline = self.loop.call_later(self.header_timeout, self._header_deadline_passed)

    def _cancel_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _header_deadline_passed(self) -> None:
        self._header_deadline = None
        waiting_for_headers = self.cycle is None or self.cycle.response_complete
        if waiting_for_headers and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def on_headers_complete(self) -> None:
        self._cancel_header_deadline()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_deadline()
        super().connection_lost(exc)


def serve_uvicorn(config: Settings, workers: int) -> None:
    uvicorn.run(
        "openinfinity.app:create_app",
        factory=True,
        host=config.host,
        port=config.port,
        workers=workers,
        log_level=config.log_level,
        # Our logging in every worker process; our access records replace uvicorn's.
        log_config=dict_config(config.log_level, config.log_format),
        access_log=False,
        # Forwarded headers are read by the application itself (OPENINFINITY_FORWARDED_ALLOW_IPS,
        # app.py), the same way under granian, which has no such option.
        proxy_headers=False,
        http=HeaderDeadlineProtocol,
        timeout_keep_alive=config.keep_alive_timeout,
        # A spawned worker answers the supervisor's ping only once it has imported the CLI; on a
        # loaded host that takes more than uvicorn's 5 s, and the worker was killed and respawned
        # in a loop that never served (seen with 2 workers at load average 15).
        timeout_worker_healthcheck=60,
    )


def serve_granian(config: Settings, workers: int) -> None:
    level = config.log_level.lower()
    Server(
        "openinfinity.app:create_app",
        address=config.host,
        port=config.port,
        interface=Interfaces.ASGI,
        workers=workers,
        loop=Loops.auto,
        factory=True,
        log_level=LogLevels(level) if level in LogLevels._value2member_map_ else LogLevels.info,
        log_access=False,
        log_dictconfig=dict_config(level, config.log_format),
        # Granian's own header deadline; its HTTP/1 keep-alive has no idle timeout of its own.
        http1_settings=HTTP1Settings(header_read_timeout=int(config.header_timeout * 1000)),
        http2_settings=HTTP2Settings(keep_alive_timeout=config.keep_alive_timeout),
    ).serve()
