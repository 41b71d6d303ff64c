"""HTTP servers for `openinfinity serve`. Granian is the default: in the benchmark (bench/run.py)
it served our large list pages with higher throughput and far shorter p99 tails than uvicorn."""

from __future__ import annotations

from granian.constants import Interfaces, Loops
from granian.log import LogLevels
from granian.server import Server

from openinfinity.core.config import Settings


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
    ).serve()
