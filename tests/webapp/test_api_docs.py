"""The interactive API docs in a real Chromium that may reach nothing but this server: /docs and
/redoc render from local files only, a signed-in browser runs a write from "Try it out" with its
session (cookie and CSRF token, no token typed), and a signed-out visitor authorizes with a
personal access token and runs a call."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from playwright.sync_api import Page, Route, expect

from tests.webapp.harness import Account, Api

LOCAL_HOSTS = {"127.0.0.1"}


def offline(page: Page) -> list[str]:
    """Abort every request to another host, as on a machine without internet; returns their URLs."""
    refused: list[str] = []

    def handle(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS or url.startswith("data:"):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", handle)
    return refused


def watch_csp(page: Page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


def open_operation(page: Page, tag: str, operation_id: str) -> object:
    block = page.locator(f"#operations-{tag}-{operation_id}")
    block.locator(".opblock-summary").first.click()
    return block


def test_signed_in_browser_runs_a_write_with_its_session(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    page = signed_in_page(owner)
    refused = offline(page)
    violations = watch_csp(page)
    page.goto("/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("openinfinity")
    expect(page.locator("#oi-note")).to_contain_text("Signed in")
    block = page.locator("#operations-Boards-createBoard")
    block.locator(".opblock-summary").first.click()
    block.locator('tr[data-param-name="workspace"] input').fill(str(owner.workspace_id))
    block.locator("textarea.body-param__text").fill('{"name": "Made in the docs"}')
    block.locator("button.execute").click()
    expect(block.locator(".live-responses-table tr.response .response-col_status").first).to_have_text("201")
    names = [b["name"] for b in api(owner).get(f"/workspaces/{owner.workspace_id}/boards")["data"]]
    assert "Made in the docs" in names
    assert refused == [] and violations == []


def test_visitor_authorizes_with_a_token_and_calls(page: Page, owner: Account) -> None:
    refused = offline(page)
    violations = watch_csp(page)
    page.goto("/docs")
    expect(page.locator("#oi-note")).to_contain_text("Authorize")
    page.locator("button.authorize").first.click()
    bearer = page.locator(".auth-container").filter(has_text="bearerAuth")
    bearer.locator("input").first.fill(owner.token)
    bearer.locator("button.authorize").click()
    page.locator("button.btn-done").first.click()
    block = page.locator("#operations-Workspaces-listWorkspaces")
    block.locator(".opblock-summary").first.click()
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    expect(block.locator(".live-responses-table tr.response .response-col_status").first).to_have_text("200")
    expect(block.locator(".live-responses-table tr.response .response-col_description")).to_contain_text(
        f'"id": {owner.workspace_id}'
    )
    assert refused == [] and violations == []


def test_redoc_renders_offline(page: Page) -> None:
    refused = offline(page)
    violations = watch_csp(page)
    page.goto("/redoc")
    # Redoc lays out the whole document before it shows anything: ~11 s alone on a 2-core machine.
    expect(page.locator("h1").first).to_contain_text("openinfinity", timeout=90_000)
    expect(page.get_by_text("List items").first).to_be_attached()
    # Redoc always shows its vendor's logo from a CDN; the page's CSP blocks it before any request.
    logo = "cdn.redoc.ly/redoc/logo-mini.svg"
    assert refused == [] and [v for v in violations if logo not in v] == []
