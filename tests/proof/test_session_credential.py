"""The web app's browser session is a credential like a token for the fixes of issue 20: the body
gate (#1) authenticates it, under its own rules (same site, CSRF token), before a byte of the body
is read; the rate limiter and authentication read the same credential (#5, a token still wins over
the cookie); and a cookie that does not authenticate counts as a failed authentication of the
address, while a signed-in session never does."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
from fastapi import FastAPI

from tests import factories
from tests import factories_auth as fa

CHUNK = 64 * 1024


class Body:
    """A body of `total` bytes produced on demand, counting what the server pulled."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.read = 0

    async def stream(self) -> AsyncIterator[bytes]:
        while self.read < self.total:
            self.read += CHUNK
            yield b"a" * CHUNK


async def signed_in(app: FastAPI, http: httpx.AsyncClient) -> tuple[factories.Account, str]:
    acct = await fa.with_password(app)
    assert (await fa.sign_in(http, acct.email)).status_code == 303
    return acct, app.state.session_csrf.token(http.cookies["oi_session"])


def browser(app: FastAPI, **cookies: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", cookies=cookies
    )


async def test_a_session_write_with_its_csrf_token_passes_the_gate(app: FastAPI) -> None:
    async with browser(app) as http:
        acct, csrf = await signed_in(app, http)
        created = await http.post(acct.ws("/boards"), json={"name": "Plan"}, headers={"X-CSRF-Token": csrf})
        assert created.status_code == 201, created.text

        async def chunked() -> AsyncIterator[bytes]:
            yield b'{"name": '
            yield b'"Chunked"}'

        streamed = await http.post(
            acct.ws("/boards"),
            content=chunked(),
            headers={"X-CSRF-Token": csrf, "Content-Type": "application/json"},
        )
        assert streamed.status_code == 201, streamed.text
        assert streamed.json()["name"] == "Chunked"


async def test_session_bodies_that_may_not_be_sent_are_refused_unread(app: FastAPI) -> None:
    async with browser(app) as http:
        acct, csrf = await signed_in(app, http)
        session_raw = http.cookies["oi_session"]
    url = acct.ws("/boards")
    json = {"Content-Type": "application/json"}
    made_up = "oi_ses_" + secrets.token_hex(16)
    cases: list[tuple[dict[str, str], dict[str, str], int, str]] = [
        # (cookies, headers, status, code)
        ({}, {}, 401, "general/unauthorised"),
        # A cookie that is no session: 401 first, with or without a CSRF token, from any site.
        ({"oi_session": made_up}, {"X-CSRF-Token": csrf}, 401, "general/unauthorised"),
        ({"oi_session": made_up}, {}, 401, "general/unauthorised"),
        ({"oi_session": made_up}, {"Origin": "https://evil.example"}, 401, "general/unauthorised"),
        ({"oi_session": session_raw}, {}, 403, "general/csrf-failed"),
        ({"oi_session": session_raw}, {"X-CSRF-Token": "forged"}, 403, "general/csrf-failed"),
        # A POST overridden to GET is still the POST it was.
        ({"oi_session": session_raw}, {"X-HTTP-METHOD-OVERRIDE": "GET"}, 403, "general/csrf-failed"),
        (
            {"oi_session": session_raw},
            {"X-CSRF-Token": csrf, "Origin": "https://evil.example"},
            403,
            "general/cross-site-refused",
        ),
        # A token decides alone: a wrong one is not rescued by a valid session.
        (
            {"oi_session": session_raw},
            {"X-CSRF-Token": csrf, "Authorization": "Bearer oi_pat_not_a_real_token"},
            401,
            "general/unauthorised",
        ),
    ]
    for cookies, headers, status, code in cases:
        async with browser(app, **cookies) as http:
            body = Body(1024 * 1024 * 1024)  # 1 GiB, streamed (chunked)
            response = await http.post(url, content=body.stream(), headers={**json, **headers})
            assert response.status_code == status, (cookies, headers, response.text)
            assert response.json()["code"] == code
            assert body.read <= CHUNK, (cookies, headers, body.read)


async def test_made_up_session_cookies_share_the_address_budget(
    app: FastAPI, make_client: Callable[..., Any], owner: factories.Account
) -> None:
    """Each made-up cookie would otherwise get a rate-limit budget of its own, as guessed tokens did."""
    client = await make_client(rate_limit="5/minute")
    statuses = []
    for _ in range(8):
        client.cookies.set("oi_session", "oi_ses_" + secrets.token_hex(16))
        statuses.append((await client.get("/api/v2/profile")).status_code)
    assert statuses[:5] == [401] * 5 and set(statuses[5:]) == {429}, statuses
    client.cookies.clear()
    refused = await client.get("/api/v2/profile", headers=owner.headers)
    assert refused.status_code == 429


async def test_signed_in_sessions_never_count_as_failures(
    app: FastAPI, make_client: Callable[..., Any], owner: factories.Account
) -> None:
    client = await make_client(rate_limit="5/minute")
    acct = await fa.with_password(app)
    assert (await fa.sign_in(client, acct.email)).status_code == 303
    statuses = [(await client.get("/api/v2/profile")).status_code for _ in range(8)]
    # The session's own budget runs out; the address's budget of failures does not.
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}, statuses
    client.cookies.clear()
    for _ in range(4):
        assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 200
