"""The browser session as the app's API credential, seen from a real Chromium: the page's CSRF
token is what writes need, the page's Content-Security-Policy lets the app run, another site
cannot use the session, and signing out in the app ends it for the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, Route, expect

from tests.webapp.harness import Account, Api, LiveServer

EVIL = "http://evil.example"


def fetch(page: Page, method: str, path: str, *, csrf: bool, body: dict[str, Any] | None = None) -> Any:
    """Call the API from the page as the app does (session cookie), with or without the token."""
    return page.evaluate(
        """async ([method, path, csrf, body]) => {
            const headers = {"Content-Type": "application/json"};
            if (csrf) headers["X-CSRF-Token"] = document.querySelector('meta[name="csrf-token"]').content;
            const init = {method, headers, credentials: "same-origin"};
            if (body) init.body = JSON.stringify(body);
            const response = await fetch(path, init);
            const text = await response.text();
            return {status: response.status, body: text ? JSON.parse(text) : null};
        }""",
        [method, path, csrf, body],
    )


def test_the_page_token_is_what_writes_need(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    violations: list[str] = []
    page = signed_in_page(owner)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/")
    expect(page.locator("#app > *").first).to_be_attached()
    boards = f"/api/v2/workspaces/{owner.workspace_id}/boards"
    refused = fetch(page, "POST", boards, csrf=False, body={"name": "No token"})
    assert refused["status"] == 403 and refused["body"]["code"] == "general/csrf-failed"
    created = fetch(page, "POST", boards, csrf=True, body={"name": "From the page"})
    assert created["status"] == 201, created
    names = [b["name"] for b in api(owner).get(f"/workspaces/{owner.workspace_id}/boards")["data"]]
    assert "From the page" in names and "No token" not in names
    assert violations == []


def test_another_site_cannot_use_the_session(
    live_server: LiveServer, signed_in_page: Callable[..., Page], owner: Account
) -> None:
    page = signed_in_page(owner)
    target = f"{live_server.base_url}/api/v2/profile"

    def evil_page(route: Route) -> None:
        body = f'<!doctype html><title>evil</title><a href="{target}">your profile</a>'
        route.fulfill(status=200, content_type="text/html", body=body)

    # A page of another site, in the same browser as the signed-in session.
    page.route(f"{EVIL}/**", evil_page)
    page.goto(f"{EVIL}/")
    # Its script: SameSite=Lax keeps the cookie off cross-site fetches, and CORS hides the answer.
    outcome = page.evaluate(
        """async (url) => {
            try { const r = await fetch(url, {credentials: "include"}); return String(r.status); }
            catch (e) { return "blocked"; }
        }""",
        target,
    )
    assert outcome == "blocked"
    # Its link to the API (a top-level navigation, on which the Lax cookie travels) is refused.
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name="your profile").click()
    response = navigation.value
    assert response is not None and response.status == 403
    assert response.json()["code"] == "general/cross-site-refused"
    assert owner.email not in page.content()


def test_signing_out_in_the_app_ends_the_session_for_the_api(
    signed_in_page: Callable[..., Page], owner: Account
) -> None:
    page = signed_in_page(owner)
    page.goto("/")
    # The app has loaded its page (the workspace's boards) before the session ends under it:
    # otherwise its own next request answers 401 and it leaves for /signin while this test fetches.
    expect(page.get_by_role("list", name="Boards")).to_be_visible()
    assert fetch(page, "GET", "/api/v2/profile", csrf=False)["status"] == 200
    raw = next(c["value"] for c in page.context.cookies() if c["name"] == "oi_session")
    ended = fetch(page, "DELETE", "/api/v2/profile/session", csrf=True)
    assert ended["status"] == 204
    assert "oi_session" not in {c["name"] for c in page.context.cookies()}
    # The old cookie, put back by hand, is refused.
    page.context.add_cookies([{"name": "oi_session", "value": raw, "url": page.url}])
    assert fetch(page, "GET", "/api/v2/profile", csrf=False)["status"] == 401
