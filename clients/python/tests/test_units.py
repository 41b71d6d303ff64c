"""Pure logic without a server: header arithmetic, the SSE parser, value typing, URLs."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from infinity_client._base import origin, query
from infinity_client._retry import RateLimitState, Retries, header_seconds, may_retry, wait_after_response
from infinity_client._sse import Message, SSEParser
from infinity_client.models import AttachmentFile, Link, typed_data


def response(status: int, **headers: str) -> httpx.Response:
    return httpx.Response(status, headers={k.replace("_", "-"): v for k, v in headers.items()})


def test_waits_come_from_retry_after_else_the_window_reset() -> None:
    assert header_seconds(response(429, retry_after="7")) == 7
    assert header_seconds(response(429, x_ratelimit_reset="1000"), now=990) == 10
    assert header_seconds(response(429, retry_after="soon", x_ratelimit_reset="1000"), now=999) == 1
    assert header_seconds(response(429)) is None


def test_what_is_retried() -> None:
    policy = Retries(max_retries=2, max_wait=30)
    assert wait_after_response(policy, response(429, retry_after="3"), 0) == 3
    assert wait_after_response(policy, response(429, retry_after="300"), 0) is None  # longer than max_wait
    assert wait_after_response(policy, response(404), 0) is None
    assert 0 < (wait_after_response(policy, response(503), 1) or 0) <= 30
    assert may_retry(policy, "GET", 1, keyed=False) and not may_retry(policy, "GET", 2, keyed=False)
    assert may_retry(policy, "POST", 0, keyed=True) and not may_retry(policy, "POST", 0, keyed=False)


def test_pacing_holds_requests_only_when_the_window_is_used_up() -> None:
    state = RateLimitState()
    state.observe(response(200, x_ratelimit_remaining="3", x_ratelimit_limit="4", x_ratelimit_reset="100"))
    assert state.pause(60, now=99) == 0
    state.observe(response(200, x_ratelimit_remaining="0", x_ratelimit_reset="100"))
    assert state.pause(60, now=98) == 2 and state.pause(1, now=98) == 1
    assert state.pause(60, now=101) == 0


def test_the_sse_parser() -> None:
    parser = SSEParser()
    lines = ["retry: 2000", "id: 5-a", "event: ready", 'data: {"cursor":"5-a"}', "", ": ping", ""]
    lines += ["id: 6-a", "event: item.created", "data: {", "data: }", ""]
    messages = [m for m in map(parser.feed, lines) if m is not None]
    assert messages == [Message("ready", '{"cursor":"5-a"}', "5-a"), Message("item.created", "{\n}", "6-a")]


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("text", "a", "a"),
        ("number", 3, 3.0),
        ("rating", 4.0, 4),
        ("checkbox", True, True),
        ("date", "2026-12-24", dt.date(2026, 12, 24)),
        ("date", "2026-12-24T10:00:00.000000Z", dt.datetime(2026, 12, 24, 10, tzinfo=dt.UTC)),
        ("label", None, []),
        ("members", ["1975"], [1975]),
        ("links", [{"url": "https://x.test", "name": "x"}], [Link(url="https://x.test", name="x")]),
        ("attachments", [{"id": 9}], [AttachmentFile(id=9)]),
        ("mystery", {"a": 1}, {"a": 1}),
    ],
)
def test_value_data_is_typed_by_attribute_type(kind: str, data: object, expected: object) -> None:
    assert typed_data(kind, data) == expected


def test_base_urls_and_queries() -> None:
    assert origin("https://app.startinfinity.com/api/v2/") == "https://app.startinfinity.com"
    assert origin("http://localhost:8000") == "http://localhost:8000"
    assert query({"a": None, "b": True, "c": 1}, expand=["values"]) == {
        "b": "true",
        "c": 1,
        "expand[]": ["values"],
    }
