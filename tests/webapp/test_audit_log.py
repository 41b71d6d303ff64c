"""The workspace audit log page in a real browser: owners and admins find it in the header and read
who did what, to whom, from where; the action filter and older pages; others never see it."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.webapp.harness import Account, Api


def _join(api: Api, owner: Account, member: Account, role: str) -> None:
    api.post(f"/workspaces/{owner.workspace_id}/members/invite", json={"email": member.email, "role": role})


def test_owner_reads_filters_and_pages_the_audit_log(
    signed_in_page: Callable[..., Page],
    api: Callable[[Account], Api],
    make_user: Callable[..., Account],
    owner: Account,
) -> None:
    client = api(owner)
    colleague = make_user(name="Ada Lovelace")
    _join(client, owner, colleague, "full-member")
    client.patch(f"/workspaces/{owner.workspace_id}/members/{colleague.user_id}", json={"role": "admin"})
    for n in range(55):  # more than one page of 50
        client.post(f"/workspaces/{owner.workspace_id}/boards", json={"name": f"Board {n:02d}"})

    page = signed_in_page(owner)
    page.goto(f"/w/{owner.workspace_id}")
    page.get_by_role("navigation", name="Workspace").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("audit log")
    table = page.get_by_role("table", name="Audit log")
    rows = table.get_by_test_id("audit-entry")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("Board created")
    expect(rows.first).to_contain_text("board “Board 54”")
    expect(rows.first).to_contain_text(owner.name)
    expect(rows.first).to_contain_text("127.0.0.1")
    page.get_by_role("button", name="Show older entries").click()
    expect(rows.last).to_contain_text("Member invited")
    expect(page.get_by_role("button", name="Show older entries")).to_have_count(0)

    page.get_by_role("combobox", name="Action").select_option(label="Member role changed")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Member role changed")
    expect(rows.first).to_contain_text("full-member → admin")
    expect(rows.first).to_contain_text("Ada Lovelace")
    page.get_by_role("combobox", name="Action").select_option(label="Members: all")
    expect(rows).to_have_count(2)


def test_admins_see_the_link_and_members_never_do(
    signed_in_page: Callable[..., Page],
    api: Callable[[Account], Api],
    make_user: Callable[..., Account],
    owner: Account,
) -> None:
    admin = make_user(name="Alan Admin")
    member = make_user(name="Mary Member")
    _join(api(owner), owner, admin, "admin")
    _join(api(owner), owner, member, "full-member")

    page = signed_in_page(admin)
    page.goto(f"/w/{owner.workspace_id}")
    nav = page.get_by_role("navigation", name="Workspace")
    nav.get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("table", name="Audit log")).to_contain_text("Mary Member")

    page = signed_in_page(member)
    page.goto(f"/w/{owner.workspace_id}")
    nav = page.get_by_role("navigation", name="Workspace")
    expect(nav.get_by_role("link", name="Members")).to_be_visible()
    page.wait_for_load_state("networkidle")
    expect(nav.get_by_role("link", name="Audit log")).to_have_count(0)
    # Typed by hand, the address shows why there is nothing to see, and no entries.
    page.goto(f"/w/{owner.workspace_id}/audit")
    expect(page.get_by_role("alert")).to_contain_text("Only the workspace's owner and admins")
    expect(page.get_by_role("table", name="Audit log")).to_have_count(0)
