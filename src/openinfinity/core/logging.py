"""Logging for `serve` (uvicorn or granian, every worker process) and `worker`: the standard
library's logging with our two formatters, JSON for machines and text for people.

The stdlib rather than structlog: uvicorn, granian, SQLAlchemy and Alembic all log through it,
and their records must come out in the same format; structlog would add a second pipeline that
still needs this one for them. Fields travel as `extra={...}` and both formatters print them.

Each server applies `dict_config(...)` in each of its worker processes (uvicorn's `log_config`,
granian's `log_dictconfig`), so the format holds after a fork or spawn too.
"""

from __future__ import annotations

import logging
import logging.config
from datetime import UTC, datetime
from typing import Any, Literal

import orjson

LogFormat = Literal["json", "text"]

# Attributes every LogRecord has; anything else on a record came from `extra=` and is printed.
# uvicorn's `color_message` repeats the message with terminal colour codes.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",
}


def _time(record: logging.LogRecord) -> str:
    moment = datetime.fromtimestamp(record.created, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The fields attached with `extra=` (None values left out)."""
    return {
        key: value
        for key, value in vars(record).items()
        if key not in _STANDARD and not key.startswith("_") and value is not None
    }


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the extra fields, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        document: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            **extras(record),
        }
        if record.exc_info:
            document["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            document["stack"] = record.stack_info
        return orjson.dumps(document, default=str).decode()


class TextFormatter(logging.Formatter):
    """`time LEVEL logger message key=value ...`, the traceback below."""

    def format(self, record: logging.LogRecord) -> str:
        fields = " ".join(f"{key}={value}" for key, value in extras(record).items())
        line = f"{_time(record)} {record.levelname:<7} {record.name} {record.getMessage()}"
        if fields:
            line += f" {fields}"
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def dict_config(level: str, fmt: LogFormat) -> dict[str, Any]:
    """The `logging.config.dictConfig` document for both servers and the worker: everything to
    stderr through the root logger; the servers' own access lines off (ours carry more)."""
    formatter = JsonFormatter if fmt == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": f"{formatter.__module__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"}
        },
        "root": {"handlers": ["stderr"], "level": level.upper()},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "CRITICAL"},
            "_granian": {"handlers": [], "propagate": True},
            "granian.access": {"handlers": [], "propagate": False, "level": "CRITICAL"},
            # SQL statements only when asked for explicitly (they can carry values).
            "sqlalchemy": {"level": "WARNING"},
        },
    }


def configure(level: str, fmt: LogFormat = "text") -> None:
    logging.config.dictConfig(dict_config(level, fmt))
