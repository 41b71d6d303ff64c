"""The members page in a real browser: invite (with the sign-up link shown), change a role, remove,
and the boards a restricted member may see."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.webapp.harness import Account, Api, LiveServer


def _members(api: Api, account: Account) -> dict[str, dict[str, Any]]:
    rows = api.get(
        f"/workspaces/{account.workspace_id}/members", params={"expand[]": "membership", "limit": 100}
    )["data"]
    return {row["email"]: row for row in rows}


def _join(api: Api, owner: Account, member: Account, role: str) -> None:
    # By e-mail: a user is added by id only once they share a workspace (the closed directory).
    api.post(f"/workspaces/{owner.workspace_id}/members/invite", json={"email": member.email, "role": role})


def test_invite_shows_a_working_sign_up_link(
    signed_in_page: Callable[..., Page],
    new_page: Callable[[], Page],
    owner: Account,
    api: Callable[[Account], Api],
) -> None:
    page = signed_in_page(owner)
    page.goto(f"/w/{owner.workspace_id}/members")
    expect(page.get_by_test_id("member-row").filter(has_text=owner.email)).to_contain_text("Owner")

    page.get_by_label("E-mail").fill("new.colleague@example.com")
    page.get_by_label("Role", exact=True).select_option(label="Full member")
    page.get_by_role("button", name="Invite").click()
    link = page.get_by_label("Invitation link", exact=True)
    expect(link).to_be_visible()
    url = link.input_value()
    assert "/invitations/oi_inv_" in url
    row = page.get_by_test_id("member-row").filter(has_text="new.colleague@example.com")
    expect(row).to_contain_text("Invited")

    members = _members(api(owner), owner)
    assert members["new.colleague@example.com"]["membership"] == {"role": "full-member", "pending": True}
    # The link opens the page where the invited person chooses a password.
    visitor = new_page()
    visitor.goto(url)
    expect(visitor.get_by_label("Password").first).to_be_visible()

    # A new link for the pending member replaces the first one.
    row.get_by_role("button", name="New invitation link for new.colleague@example.com").click()
    fresh = page.get_by_label("Invitation link for new.colleague@example.com", exact=True)
    expect(fresh).to_have_value(re.compile("/invitations/oi_inv_"))
    assert fresh.input_value() != url
    used = visitor.goto(url)
    assert used is not None and used.status == 404
    current = visitor.goto(fresh.input_value())
    assert current is not None and current.status == 200


def test_change_a_role_and_remove_a_member(
    signed_in_page: Callable[..., Page],
    make_user: Callable[..., Account],
    owner: Account,
    api: Callable[[Account], Api],
) -> None:
    colleague = make_user(name="Casey Colleague")
    _join(api(owner), owner, colleague, "full-member")
    page = signed_in_page(owner)
    page.goto(f"/w/{owner.workspace_id}/members")

    page.get_by_label("Role of Casey Colleague").select_option(label="Admin")
    expect(page.get_by_label("Role of Casey Colleague")).to_have_value("admin")
    page.wait_for_function("() => !document.querySelector('select[id^=role-]:disabled')")
    assert _members(api(owner), owner)[colleague.email]["membership"]["role"] == "admin"

    page.get_by_role("button", name="Remove Casey Colleague").click()
    page.get_by_role("button", name="Remove Casey Colleague").click()  # the confirmation
    expect(page.get_by_test_id("member-row").filter(has_text=colleague.email)).to_have_count(0)
    assert colleague.email not in _members(api(owner), owner)


def test_board_access_of_a_restricted_member(
    signed_in_page: Callable[..., Page],
    make_user: Callable[..., Account],
    owner: Account,
    api: Callable[[Account], Api],
    live_server: LiveServer,
) -> None:
    client = api(owner)
    boards = f"/workspaces/{owner.workspace_id}/boards"
    roadmap = client.post(boards, json={"name": "Roadmap"})
    payroll = client.post(boards, json={"name": "Payroll"})
    guest = make_user(name="Gus Guest")
    _join(client, owner, guest, "restricted-member")

    page = signed_in_page(owner)
    page.goto(f"/w/{owner.workspace_id}/members")
    page.get_by_role("button", name="Boards of Gus Guest").click()
    page.get_by_label("Roadmap").check()
    expect(page.get_by_role("button", name="Boards of Gus Guest")).to_contain_text("1 of 2 boards")
    assert guest.user_id in client.get(f"{boards}/{roadmap['id']}")["user_ids"]
    assert guest.user_id not in client.get(f"{boards}/{payroll['id']}")["user_ids"]

    # The guest sees Roadmap and not Payroll, in the app as in the API.
    guest_page = signed_in_page(guest)
    guest_page.goto(f"/w/{owner.workspace_id}")
    listed = guest_page.get_by_role("list", name="Boards")
    expect(listed).to_contain_text("Roadmap")
    expect(listed).not_to_contain_text("Payroll")
    guest_page.goto(f"/w/{owner.workspace_id}/b/{payroll['id']}")
    expect(guest_page.get_by_role("alert")).to_be_visible()

    # Taking access back.
    page.get_by_label("Roadmap").uncheck()
    expect(page.get_by_role("button", name="Boards of Gus Guest")).to_contain_text("0 of 2 boards")
    assert guest.user_id not in client.get(f"{boards}/{roadmap['id']}")["user_ids"]


def test_members_who_do_not_manage_see_the_list_only(
    signed_in_page: Callable[..., Page],
    make_user: Callable[..., Account],
    owner: Account,
    api: Callable[[Account], Api],
) -> None:
    member = make_user(name="Fran Full")
    _join(api(owner), owner, member, "full-member")
    page = signed_in_page(member)
    page.goto(f"/w/{owner.workspace_id}/members")
    expect(page.get_by_test_id("member-row").filter(has_text=owner.email)).to_contain_text("Owner")
    expect(page.get_by_test_id("member-row").filter(has_text=member.email)).to_contain_text("Full member")
    expect(page.get_by_role("button", name="Invite")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Remove"))).to_have_count(0)
    expect(page.get_by_role("combobox")).to_have_count(1)  # the header's workspace switcher only
