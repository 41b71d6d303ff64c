"""The signed-in browser session as an API credential: reads, CSRF on writes, cross-site refusal,
tokens unaffected, sign-out and deactivation, scopes, and a rate-limit budget per session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.app import create_app
from openinfinity.auth import browser, sessions
from openinfinity.auth.principal import Principal
from openinfinity.auth.service import TokenCache
from openinfinity.core.db import Database
from tests import factories
from tests import factories_auth as fa
from tests.conftest import test_settings as make_settings

MakeClient = Callable[..., Coroutine[Any, Any, httpx.AsyncClient]]


@pytest.fixture
async def browser_client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A second cookie jar on the shared app: one browser."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def signed_in(app: FastAPI, http: httpx.AsyncClient) -> tuple[factories.Account, str]:
    """A user signed in on `http` through the sign-in page; returns the account and the CSRF token
    the app shell would hand out for that session."""
    acct = await fa.with_password(app)
    assert (await fa.sign_in(http, acct.email)).status_code == 303
    return acct, app.state.session_csrf.token(http.cookies["oi_session"])


async def with_cookie(app: FastAPI, raw: str, path: str) -> httpx.Response:
    """GET `path` from a browser that still holds the session cookie `raw`."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", cookies={"oi_session": raw}
    ) as http:
        return await http.get(path)


async def board_names(client: httpx.AsyncClient, acct: factories.Account) -> list[str]:
    """Checked with the owner's token, independent of the session under test."""
    response = await client.get(acct.ws("/boards"), headers=acct.headers)
    assert response.status_code == 200
    return [b["name"] for b in response.json()["data"]]


async def test_a_session_reads_the_api(app: FastAPI, browser_client: httpx.AsyncClient) -> None:
    acct, _ = await signed_in(app, browser_client)
    profile = await browser_client.get("/api/v2/profile")
    assert profile.status_code == 200
    body = profile.json()
    assert body["id"] == acct.user_id and body["email"] == acct.email and body["name"] == acct.name
    assert body["photo_url"].startswith("http://testserver/profile/avatar.svg")
    workspaces = await browser_client.get("/api/v2/workspaces")
    assert [w["id"] for w in workspaces.json()["data"]] == [acct.workspace_id]
    # The browser's own same-origin markers are accepted.
    same = await browser_client.get(
        "/api/v2/profile", headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
    )
    assert same.status_code == 200


async def test_writes_need_the_session_csrf_token(
    app: FastAPI, client: httpx.AsyncClient, browser_client: httpx.AsyncClient
) -> None:
    acct, csrf = await signed_in(app, browser_client)
    other_browser = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with other_browser:
        _, foreign = await signed_in(app, other_browser)
    url = acct.ws("/boards")
    for headers in ({}, {"X-CSRF-Token": "forged"}, {"X-CSRF-Token": foreign}, {"X-CSRF-Token": csrf + "0"}):
        refused = await browser_client.post(url, json={"name": "Forged"}, headers=headers)
        assert refused.status_code == 403, headers
        assert refused.json()["code"] == "general/csrf-failed"
        assert "X-CSRF-Token" in refused.json()["message"]
    assert await board_names(client, acct) == []
    # A POST overridden to another method, even to GET, is still the POST a form could send.
    kept = await client.post(url, json={"name": "Kept"}, headers=acct.headers)
    kept_url = acct.ws(f"/boards/{kept.json()['id']}")
    for target, override in (
        (kept_url, {"X-HTTP-METHOD-OVERRIDE": "DELETE"}),
        (kept_url, {"X-HTTP-METHOD-OVERRIDE": "GET"}),
        (f"{kept_url}?_method=DELETE", {}),
    ):
        refused = await browser_client.post(target, headers=override)
        assert refused.status_code == 403 and refused.json()["code"] == "general/csrf-failed", override
    assert await board_names(client, acct) == ["Kept"]

    created = await browser_client.post(url, json={"name": "Roadmap"}, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201, created.text
    board_url = acct.ws(f"/boards/{created.json()['id']}")
    renamed = await browser_client.patch(board_url, json={"name": "Plan"}, headers={"X-CSRF-Token": csrf})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Plan"
    assert sorted(await board_names(client, acct)) == ["Kept", "Plan"]


async def test_cross_site_requests_with_a_session_are_refused(
    app: FastAPI, client: httpx.AsyncClient, browser_client: httpx.AsyncClient
) -> None:
    acct, csrf = await signed_in(app, browser_client)
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "http://testserver.evil.example"},
        {"Origin": "http://testserver:8080"},
        {"Origin": "null"},
    ):
        read = await browser_client.get("/api/v2/profile", headers=headers)
        assert read.status_code == 403, headers
        assert read.json()["code"] == "general/cross-site-refused"
        write = await browser_client.post(
            acct.ws("/boards"), json={"name": "Cross"}, headers={**headers, "X-CSRF-Token": csrf}
        )
        assert write.status_code == 403 and write.json()["code"] == "general/cross-site-refused"
    assert await board_names(client, acct) == []


async def test_the_origin_may_be_the_public_url_or_the_host_asked(app: FastAPI, database_url: str) -> None:
    behind_proxy = create_app(make_settings(database_url, public_url="http://work.example.com:8080/"))
    transport = httpx.ASGITransport(app=behind_proxy)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as http:
            await signed_in(behind_proxy, http)
            for origin in (
                "http://work.example.com:8080",
                "http://WORK.example.com:8080",
                "http://127.0.0.1:8000",
                # A TLS proxy in front, no public URL: the host the browser asked is ours.
                "https://127.0.0.1:8000",
            ):
                response = await http.get("/api/v2/profile", headers={"Origin": origin})
                assert response.status_code == 200, origin
            for origin in ("http://work.example.com", "http://127.0.0.1:8001", "http://127.0.0.1"):
                refused = await http.get("/api/v2/profile", headers={"Origin": origin})
                assert refused.status_code == 403, origin
    finally:
        await behind_proxy.state.db.dispose()


async def test_a_token_ignores_the_cookie(
    app: FastAPI, client: httpx.AsyncClient, browser_client: httpx.AsyncClient
) -> None:
    signed, _ = await signed_in(app, browser_client)
    other = await factories.account(app, name="Token Holder")
    # The token decides: its user, no CSRF needed, no cross-site rule.
    profile = await browser_client.get("/api/v2/profile", headers=other.headers)
    assert profile.json()["id"] == other.user_id
    created = await browser_client.post(
        other.ws("/boards"),
        json={"name": "By token"},
        headers={**other.headers, "Sec-Fetch-Site": "cross-site"},
    )
    assert created.status_code == 201
    via_x_api_token = await browser_client.get("/api/v2/profile", headers={"x-api-token": other.token})
    assert via_x_api_token.json()["id"] == other.user_id
    # A bad token is a 401 even though a valid session cookie came with it.
    bad = await browser_client.get("/api/v2/profile", headers={"Authorization": "Bearer oi_pat_unknown"})
    assert bad.status_code == 401
    assert await board_names(client, signed) == []


async def test_signing_out_ends_the_session_for_the_api(
    app: FastAPI, browser_client: httpx.AsyncClient
) -> None:
    await signed_in(app, browser_client)
    raw = browser_client.cookies["oi_session"]
    assert (await browser_client.get("/api/v2/profile")).status_code == 200  # now cached
    page = await browser_client.get("/profile")
    assert (
        await browser_client.post("/signout", data={"csrf_token": fa.csrf_token(page.text)})
    ).status_code == 303
    replay = await with_cookie(app, raw, "/api/v2/profile")
    assert replay.status_code == 401 and replay.json()["code"] == "general/unauthorised"


async def test_the_app_signs_out_through_the_api(app: FastAPI, browser_client: httpx.AsyncClient) -> None:
    acct, csrf = await signed_in(app, browser_client)
    raw = browser_client.cookies["oi_session"]
    assert (await browser_client.get("/api/v2/profile")).status_code == 200
    assert (await browser_client.delete("/api/v2/profile/session")).status_code == 403  # no CSRF token
    # A token has no session to end.
    by_token = await browser_client.delete("/api/v2/profile/session", headers=acct.headers)
    assert by_token.status_code == 403 and "browser session" in by_token.json()["message"]
    ended = await browser_client.delete("/api/v2/profile/session", headers={"X-CSRF-Token": csrf})
    assert ended.status_code == 204
    assert any(c.startswith('oi_session=""') for c in ended.headers.get_list("set-cookie"))
    assert "oi_session" not in browser_client.cookies
    replay = await with_cookie(app, raw, "/api/v2/profile")
    assert replay.status_code == 401
    assert (await with_cookie(app, raw, "/profile")).status_code == 303


async def test_a_deactivated_user_loses_the_session(app: FastAPI, browser_client: httpx.AsyncClient) -> None:
    acct, _ = await signed_in(app, browser_client)
    admin = await fa.admin(app)
    assert (await browser_client.get("/api/v2/profile")).status_code == 200  # now cached
    deactivate = await browser_client.patch(
        f"/api/v2/admin/users/{acct.user_id}", json={"active": False}, headers=admin.headers
    )
    assert deactivate.status_code == 200
    assert (await browser_client.get("/api/v2/profile")).status_code == 401


async def test_a_session_has_read_write_and_members_scopes_only(
    app: FastAPI, browser_client: httpx.AsyncClient
) -> None:
    acct, csrf = await signed_in(app, browser_client)
    admin = await fa.admin(app)
    members = await browser_client.get(acct.ws("/members"))
    assert members.status_code == 200
    invite = await browser_client.post(
        acct.ws("/members/invite"),
        json={"email": factories.unique_email("invitee")},
        headers={"X-CSRF-Token": csrf},
    )
    assert invite.status_code < 300, invite.text
    board = await browser_client.post(acct.ws("/boards"), json={"name": "B"}, headers={"X-CSRF-Token": csrf})
    hooks = await browser_client.get(acct.ws(f"/boards/{board.json()['id']}/hooks"))
    assert hooks.status_code == 403 and "'hooks'" in hooks.json()["message"]
    # Even an instance administrator's session is not an admin credential.
    admin_browser = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with admin_browser:
        assert (await fa.sign_in(admin_browser, admin.email)).status_code == 303
        assert (await admin_browser.get("/api/v2/admin/users")).status_code == 403
    # Tokens are managed on the profile page, not by the page's script.
    assert (await browser_client.get("/api/v2/profile/tokens")).status_code == 403


async def test_each_session_has_its_own_rate_limit_budget(app: FastAPI, make_client: MakeClient) -> None:
    first = await make_client(rate_limit="3/minute")
    second = await make_client(rate_limit="3/minute")
    acct = await fa.with_password(app)
    other = await fa.with_password(app)
    assert (await fa.sign_in(first, acct.email)).status_code == 303
    assert (await fa.sign_in(second, other.email)).status_code == 303
    for _ in range(3):
        assert (await first.get("/api/v2/profile")).status_code == 200
    limited = await first.get("/api/v2/profile")
    assert limited.status_code == 429
    # Same address, another session: its own budget.
    assert (await second.get("/api/v2/profile")).status_code == 200
    assert (await second.get("/api/v2/profile")).headers["x-ratelimit-remaining"] == "1"


def test_the_csrf_token_belongs_to_one_session_and_one_secret() -> None:
    one = browser.SessionCsrf("server secret one")
    two = browser.SessionCsrf("server secret two")
    assert one.token("oi_ses_a") == one.token("oi_ses_a")
    assert one.token("oi_ses_a") != one.token("oi_ses_b")
    assert one.token("oi_ses_a") != two.token("oi_ses_a")
    assert one.valid("oi_ses_a", one.token("oi_ses_a"))
    assert not one.valid("oi_ses_a", None) and not one.valid("oi_ses_a", "é" * 64)


async def test_session_lookups_are_cached_and_clearing_the_cache_ends_them(
    app: FastAPI, browser_client: httpx.AsyncClient
) -> None:
    await signed_in(app, browser_client)
    raw = browser_client.cookies["oi_session"]
    assert (await browser_client.get("/api/v2/profile")).status_code == 200
    # Ended in the database behind the cache's back, as another server process would (its own
    # engine: this process's commits clear the cache themselves, auth/ended.py):
    other_process = Database(app.state.settings)
    async with other_process.transaction() as session:
        await sessions.end(session, raw)
    await other_process.dispose()
    assert (await browser_client.get("/api/v2/profile")).status_code == 200  # no query: cached
    app.state.token_cache.clear()  # what a commit here that revokes or deactivates does
    assert (await browser_client.get("/api/v2/profile")).status_code == 401


def test_a_forgotten_session_is_not_cached_again() -> None:
    cache = TokenCache(ttl=60)
    principal = Principal(
        user_id=1, token_id=None, scopes=browser.SESSION_SCOPES, workspace_id=None, is_instance_admin=False
    )
    key = browser.cache_key("oi_ses_example")
    cache.put(key, principal, None)
    browser.forget(cache, "oi_ses_example")
    assert cache.get(key) is None
    # A request that read the session just before the sign-out committed comes back to cache it.
    cache.put(key, principal, None)
    assert cache.get(key) is None
    cache.put(browser.cache_key("oi_ses_other"), principal, None)
    assert cache.get(browser.cache_key("oi_ses_other")) is not None
