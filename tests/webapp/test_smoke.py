"""The browser-test harness itself: a real server, real Chromium, the real sign-in form."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.webapp.harness import Account, Api, LiveServer, sign_in


def test_signing_in_through_the_form_opens_a_session(
    live_server: LiveServer, page: Page, owner: Account, api: Callable[[Account], Api]
) -> None:
    sign_in(page, live_server.base_url, owner.email, owner.password)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert "oi_session" in cookies and cookies["oi_session"]["httpOnly"]
    # The session belongs to this user: the signed-in profile page shows their e-mail.
    page.goto("/profile")
    expect(page.get_by_text(owner.email)).to_be_visible()
    assert api(owner).get("/profile")["email"] == owner.email


def test_a_wrong_password_stays_on_the_form(live_server: LiveServer, page: Page, owner: Account) -> None:
    page.goto("/signin")
    page.get_by_label("E-mail").fill(owner.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("These credentials do not match our records.")).to_be_visible()
    assert "oi_session" not in {c["name"] for c in page.context.cookies()}


def test_after_sign_in_the_app_mounts_at_the_root(
    signed_in_page: Callable[..., Page], owner: Account
) -> None:
    page = signed_in_page(owner)
    # Sign-in leads to `/`, which the app may send on to the first workspace.
    path = urlsplit(page.url).path
    assert path == "/" or path.startswith("/w/"), page.url
    # The app shell mounted: #app has content rendered by the script.
    expect(page.locator("#app > *").first).to_be_attached()
