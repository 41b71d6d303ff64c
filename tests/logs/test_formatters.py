"""The two log formats: one JSON object per line for collectors, one readable line for people."""

from __future__ import annotations

import json
import logging
import sys

from openinfinity.core.logging import JsonFormatter, TextFormatter


def _record(exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("boom")
        except ValueError:
            exc_info = sys.exc_info()
    record = logging.LogRecord("openinfinity.test", logging.INFO, __file__, 1, "hello %s", ("you",), exc_info)
    record.request_id = "r-1"
    record.user_id = 7
    record.workspace = None
    return record


def test_json_has_time_level_message_fields_and_traceback() -> None:
    document = json.loads(JsonFormatter().format(_record(exc=True)))
    assert document["level"] == "INFO" and document["message"] == "hello you"
    assert document["logger"] == "openinfinity.test"
    assert document["time"].endswith("Z") and "T" in document["time"]
    assert document["request_id"] == "r-1" and document["user_id"] == 7
    assert "workspace" not in document  # None fields are left out
    assert "ValueError: boom" in document["traceback"]


def test_text_is_one_line_with_fields() -> None:
    line = TextFormatter().format(_record())
    assert "\n" not in line
    assert " INFO " in line and "hello you" in line and "request_id=r-1 user_id=7" in line
