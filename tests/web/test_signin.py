"""Sign-in page, session cookie, CSRF, throttling and sign-out, driven like a browser would."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.app import create_app
from openinfinity.auth.models import WebSession
from tests import factories_auth as fa
from tests.conftest import test_settings as make_settings


async def test_sign_in_sets_a_safe_session_cookie(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    page = await client.get("/signin")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["x-frame-options"] == "DENY"
    response = await client.post(
        "/signin",
        data={"email": user.email.upper(), "password": fa.PASSWORD, "csrf_token": fa.csrf_token(page.text)},
    )
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("oi_session="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    profile = await client.get("/profile")
    assert profile.status_code == 200 and user.email in profile.text
    # Only the hash of the session secret is stored.
    raw = client.cookies["oi_session"]
    async with app.state.db.transaction(write=False) as session:
        stored = (
            await session.scalars(select(WebSession.token_hash).where(WebSession.user_id == user.user_id))
        ).all()
    assert len(stored) == 1 and raw not in stored[0]


async def test_wrong_password_and_unknown_user_look_the_same(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    wrong = await fa.sign_in(client, user.email, "not the password")
    unknown = await fa.sign_in(client, "nobody@example.com", "whatever-password")
    assert wrong.status_code == unknown.status_code == 401
    assert "do not match our records" in wrong.text and "do not match our records" in unknown.text
    assert "oi_session" not in client.cookies
    assert (await client.get("/profile")).status_code == 303


async def test_forms_without_a_valid_csrf_token_are_refused(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    await client.get("/signin")
    for token in (None, "forged", fa.csrf_token((await client.get("/signin")).text) + "x"):
        data = {"email": user.email, "password": fa.PASSWORD}
        if token is not None:
            data["csrf_token"] = token
        response = await client.post("/signin", data=data)
        assert response.status_code == 403, token
        assert "oi_session" not in client.cookies
    # A token minted for another browser (another CSRF cookie) does not work either.
    other = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with other:
        foreign = fa.csrf_token((await other.get("/signin")).text)
    response = await client.post(
        "/signin", data={"email": user.email, "password": fa.PASSWORD, "csrf_token": foreign}
    )
    assert response.status_code == 403

    # Signed in, every profile form checks the token as well.
    assert (await fa.sign_in(client, user.email)).status_code == 303
    for path, data in (
        ("/profile/tokens", {"name": "x"}),
        ("/profile/clients", {"name": "x", "redirect_uris": fa.REDIRECT}),
        ("/signout", {}),
    ):
        response = await client.post(path, data=data)
        assert response.status_code == 403, path
    assert (await client.get("/profile")).status_code == 200  # still signed in


async def test_sign_out_ends_the_session_on_the_server(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    await fa.sign_in(client, user.email)
    raw = client.cookies["oi_session"]
    profile = await client.get("/profile")
    response = await client.post("/signout", data={"csrf_token": fa.csrf_token(profile.text)})
    assert response.status_code == 303 and response.headers["location"] == "/signin"
    assert (await client.get("/profile")).status_code == 303
    # Replaying the old cookie does not bring the session back.
    replay = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", cookies={"oi_session": raw}
    )
    async with replay:
        assert (await replay.get("/profile")).status_code == 303


async def test_next_parameter_never_redirects_off_site(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    page = await client.get("/signin", params={"next": "//evil.example.com/x"})
    response = await client.post(
        "/signin",
        data={
            "email": user.email,
            "password": fa.PASSWORD,
            "csrf_token": fa.csrf_token(page.text),
            "next": "https://evil.example.com/",
        },
    )
    assert response.headers["location"] == "/"


@pytest.fixture
async def strict_app(database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(
        make_settings(database_url, signin_limit_account="3/15minutes", signin_limit_address="5/15minutes")
    )
    yield application
    await application.state.db.dispose()


def _browser(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_failed_sign_ins_are_throttled_per_account(strict_app: FastAPI) -> None:
    user = await fa.with_password(strict_app)
    # Failures spread over several addresses still count against the one account.
    for index in range(3):
        async with _browser(strict_app, f"10.1.0.{index}") as browser:
            assert (await fa.sign_in(browser, user.email, "wrong password")).status_code == 401
    async with _browser(strict_app, "10.1.0.9") as browser:
        blocked = await fa.sign_in(browser, user.email)  # even the right password is refused now
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 0
        assert "Too many failed sign-in attempts" in blocked.text
        assert "oi_session" not in browser.cookies
    other = await fa.with_password(strict_app)
    async with _browser(strict_app, "10.1.0.10") as browser:
        assert (await fa.sign_in(browser, other.email)).status_code == 303


async def test_failed_sign_ins_are_throttled_per_address(strict_app: FastAPI) -> None:
    victims = [await fa.with_password(strict_app) for _ in range(3)]
    async with _browser(strict_app, "10.2.0.1") as browser:
        for attempt in range(5):
            target = victims[attempt % 3]
            assert (await fa.sign_in(browser, target.email, "guess")).status_code == 401
        blocked = await fa.sign_in(browser, victims[0].email)
        assert blocked.status_code == 429
    async with _browser(strict_app, "10.2.0.2") as browser:
        assert (await fa.sign_in(browser, victims[1].email)).status_code == 303


async def test_cookies_are_secure_when_served_over_https(database_url: str) -> None:
    application = create_app(make_settings(database_url, public_url="https://openinfinity.example.com"))
    try:
        user = await fa.with_password(application)
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://openinfinity.example.com"
        ) as browser:
            page = await browser.get("/signin")
            csrf_cookie = page.headers["set-cookie"]
            assert "Secure" in csrf_cookie and "HttpOnly" in csrf_cookie
            response = await browser.post(
                "/signin",
                data={"email": user.email, "password": fa.PASSWORD, "csrf_token": fa.csrf_token(page.text)},
            )
            assert response.status_code == 303
            session_cookie = next(
                c for c in response.headers.get_list("set-cookie") if c.startswith("oi_session=")
            )
            assert "Secure" in session_cookie and "SameSite=lax" in session_cookie
    finally:
        await application.state.db.dispose()


async def test_oversized_forms_are_refused(client: httpx.AsyncClient) -> None:
    for path in ("/signin", "/oauth/token"):
        response = await client.post(
            path,
            content=b"a=" + b"x" * 70_000,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert response.status_code == 413, path
        assert response.json()["code"] == "general/payload-too-large"


async def test_password_change_ends_browser_sessions(client: httpx.AsyncClient, app: FastAPI) -> None:
    admin = await fa.admin(app)
    user = await fa.with_password(app)
    await fa.sign_in(client, user.email)
    assert (await client.get("/profile")).status_code == 200
    changed = await client.patch(
        f"/api/v2/admin/users/{user.user_id}", json={"password": "brand-new-password"}, headers=admin.headers
    )
    assert changed.status_code == 200
    assert (await client.get("/profile")).status_code == 303
    assert (await client.get("/api/v2/profile", headers=user.headers)).status_code == 200  # tokens unaffected
