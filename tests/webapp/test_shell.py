"""The app frame in a real browser: landing on the first workspace, the workspace switcher, links
that change the page without a reload, and signing out from the user menu."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.webapp.harness import Account, Api, LiveServer


def test_switch_workspace_and_navigate_without_reloading(
    signed_in_page: Callable[..., Page],
    live_server: LiveServer,
    owner: Account,
    api: Callable[[Account], Api],
) -> None:
    client = api(owner)
    client.post(f"/workspaces/{owner.workspace_id}/boards", json={"name": "Roadmap"})
    colleague = live_server.make_user(name="Cleo Colleague", workspace="Cleo's studio")
    api(colleague).post(f"/workspaces/{colleague.workspace_id}/boards", json={"name": "Studio bookings"})
    api(colleague).post(
        f"/workspaces/{colleague.workspace_id}/members/invite",
        json={"email": owner.email, "role": "full-member"},
    )

    page = signed_in_page(owner)
    page.wait_for_url("**/w/*")  # `/` opens one of the person's workspaces
    page.goto(f"/w/{owner.workspace_id}")
    expect(page.get_by_role("list", name="Boards").get_by_role("link", name="Roadmap")).to_be_visible()
    page.evaluate("window.__sameDocument = true")  # gone if anything reloads the page

    page.get_by_role("combobox", name="Workspace").select_option(label="Cleo's studio")
    page.wait_for_url(f"**/w/{colleague.workspace_id}")
    boards = page.get_by_role("list", name="Boards")
    expect(boards.get_by_role("link", name="Studio bookings")).to_be_visible()
    expect(boards.get_by_role("link", name="Roadmap")).to_have_count(0)

    boards.get_by_role("link", name="Studio bookings").click()
    expect(page.get_by_role("heading", name="Studio bookings")).to_be_visible()
    page.get_by_role("navigation", name="Workspace").get_by_role("link", name="Boards").click()
    expect(page.get_by_role("heading", name="Cleo's studio: boards")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Studio bookings")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True
    # `/` opens the workspace used last in this browser.
    page.goto("/")
    page.wait_for_url(f"**/w/{colleague.workspace_id}")
    switcher = page.get_by_role("combobox", name="Workspace")
    # Choose only once the app shows that workspace: a choice made while it still loads is undone.
    expect(switcher).to_have_value(str(colleague.workspace_id))
    switcher.select_option(str(owner.workspace_id))
    page.wait_for_url(f"**/w/{owner.workspace_id}")
    page.goto("/")
    page.wait_for_url(f"**/w/{owner.workspace_id}")


def test_sign_out_from_the_user_menu_ends_the_session(
    signed_in_page: Callable[..., Page], owner: Account
) -> None:
    page = signed_in_page(owner)
    session = next(c["value"] for c in page.context.cookies() if c["name"] == "oi_session")
    cookie = {"Cookie": f"oi_session={session}"}
    assert page.context.request.get("/api/v2/profile", headers=cookie).status == 200
    page.get_by_role("button", name=f"Account menu of {owner.name}").click()
    expect(page.get_by_role("menu")).to_contain_text(owner.email)
    page.get_by_role("menuitem", name="Sign out").click()
    page.wait_for_url("**/signin**")
    # The cookie is gone, and the session it held is ended on the server: replayed, it opens nothing.
    assert "oi_session" not in {c["name"] for c in page.context.cookies()}
    assert page.context.request.get("/api/v2/profile", headers=cookie).status == 401
    page.goto("/")
    page.wait_for_url("**/signin**")
