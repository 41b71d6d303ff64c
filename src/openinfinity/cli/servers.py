"""Granian for `openinfinity serve --server granian`. In the benchmark (docs/benchmark.md) it served
the large list pages faster than uvicorn but small responses (get, search) slower, so uvicorn
stays the default."""

from __future__ import annotations

from granian.constants import Interfaces, Loops
from granian.log import LogLevels
from granian.server import Server

from openinfinity.core.config import Settings
from openinfinity.core.logging import dict_config


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
    ).serve()
