"""Per-route windows on top of the global limit: uploads and URL fetches, sign-in, token creation.
Each has its own counter, refuses on its own, and the X-RateLimit-* headers report the tighter
window. On the in-memory store and on the real Redis."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import redis.asyncio as redis

from tests.conftest import REDIS_URL
from tests.factories import Account

STORES = [
    "memory",
    pytest.param(
        "redis", marks=pytest.mark.skipif(not REDIS_URL, reason="needs OPENINFINITY_TEST_REDIS_URL")
    ),
]


@pytest.fixture(params=STORES)
async def store(request: pytest.FixtureRequest) -> str | None:
    if request.param == "memory":
        return None
    assert REDIS_URL
    client = redis.from_url(REDIS_URL)
    try:
        await client.flushdb()  # the test Redis database is ours; counters of an earlier run go
    finally:
        await client.aclose()
    return REDIS_URL


def _limit_headers(response: httpx.Response) -> tuple[int, int]:
    return int(response.headers["x-ratelimit-limit"]), int(response.headers["x-ratelimit-remaining"])


async def test_uploads_and_url_fetches_share_their_own_window(
    make_client: Callable[..., Any], owner: Account, store: str | None
) -> None:
    client = await make_client(redis_url=store, rate_limit="100/minute", rate_limit_uploads="2/minute")
    fetch = {"url": "http://127.0.0.1:9/nothing-here"}  # refused by the SSRF guard: a 4xx, still counted
    first = await client.post(owner.ws("/attachments/url"), json=fetch, headers=owner.headers)
    assert first.status_code < 500 and _limit_headers(first) == (2, 1)
    files = {"file": ("a.txt", b"hello", "text/plain")}
    second = await client.post(owner.ws("/attachments/file"), files=files, headers=owner.headers)
    assert second.status_code == 201 and _limit_headers(second) == (2, 0)
    third = await client.post(owner.ws("/attachments/file"), files=files, headers=owner.headers)
    assert third.status_code == 429 and third.json()["code"] == "general/too-many-requests"
    assert _limit_headers(third) == (2, 0) and int(third.headers["retry-after"]) >= 1
    # Other requests of the same token still pass, under the global window (which counted all four).
    read = await client.get("/api/v2/profile", headers=owner.headers)
    assert read.status_code == 200 and _limit_headers(read) == (100, 96)


async def test_token_creation_has_its_own_window(
    make_client: Callable[..., Any], owner: Account, store: str | None
) -> None:
    client = await make_client(redis_url=store, rate_limit="100/minute", rate_limit_tokens="2/minute")
    made = [
        await client.post("/api/v2/profile/tokens", json={"name": f"t{n}"}, headers=owner.headers)
        for n in range(3)
    ]
    assert [r.status_code for r in made] == [201, 201, 429]
    assert [_limit_headers(r) for r in made] == [(2, 1), (2, 0), (2, 0)]
    listed = await client.get("/api/v2/profile/tokens", headers=owner.headers)
    assert listed.status_code == 200 and len(listed.json()["data"]) == 3  # the refused one was not made


async def test_sign_in_has_its_own_window_per_address(
    make_client: Callable[..., Any], store: str | None, database_url: str
) -> None:
    app_client = await make_client(redis_url=store, rate_limit_signin="2/minute")
    transport = app_client._transport
    assert isinstance(transport, httpx.ASGITransport)
    address = f"10.{uuid.uuid4().int % 250}.0.{uuid.uuid4().int % 250}"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=transport.app, client=(address, 1234)), base_url="http://testserver"
    ) as client:
        page = await client.get("/signin")
        assert page.status_code == 200 and "x-ratelimit-limit" not in page.headers  # only POSTs count
        form = {"email": "nobody@example.com", "password": "wrong-password", "csrf_token": "x"}
        answers = [await client.post("/signin", data=form) for _ in range(3)]
        # No CSRF cookie: the form answers 403 twice, then the window refuses before the form runs.
        assert [r.status_code for r in answers] == [403, 403, 429]
        assert _limit_headers(answers[0]) == (2, 1)
    # Another address has its own budget.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=transport.app, client=("192.0.2.77", 1)),
        base_url="http://testserver",
    ) as other:
        assert (await other.post("/signin", data=form)).status_code != 429


async def test_off_disables_a_route_window(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(rate_limit="50/minute", rate_limit_tokens="off")
    made = [
        await client.post("/api/v2/profile/tokens", json={"name": f"t{n}"}, headers=owner.headers)
        for n in range(3)
    ]
    assert [r.status_code for r in made] == [201] * 3
    assert _limit_headers(made[-1]) == (50, 47)


def test_a_bad_route_limit_is_a_clear_setting_error() -> None:
    from pydantic import ValidationError

    from openinfinity.core.config import Settings

    with pytest.raises(ValidationError, match="invalid rate limit"):
        Settings(rate_limit_uploads="lots")
