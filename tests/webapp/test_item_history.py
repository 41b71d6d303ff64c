"""The item panel's History and Time tracking sections in a real browser: entries worded for a
person (names, labels by name), live updates, the attribute filter, older pages; a timer started
and stopped, and a running entry started elsewhere (409) said clearly."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.webapp.harness import Account, Api
from tests.webapp.item_board import ItemBoard, make_item_board


@pytest.fixture
def board(api: Callable[[Account], Api], owner: Account) -> ItemBoard:
    made = make_item_board(api(owner), owner)
    status = made.api.post(
        f"{made.base}/attributes",
        json={
            "name": "Status",
            "type": "label",
            "settings": {
                "labels": [{"name": "Draft", "color": "#ffcb6b"}, {"name": "Final", "color": "#c3e88d"}]
            },
        },
    )
    made.attributes["Status"] = str(status["id"])
    timer = made.api.post(f"{made.base}/attributes", json={"name": "Time", "type": "time_tracking"})
    made.attributes["Time"] = str(timer["id"])
    made.add_item("Write the launch post", Estimate=3)
    return made


def _labels(board: ItemBoard) -> dict[str, str]:
    """The Status attribute's label ids by name (the API gives labels their ids)."""
    status = board.api.get(f"{board.base}/attributes/{board.attributes['Status']}")
    return {label["name"]: label["id"] for label in status["settings"]["labels"]}


def _join(api: Api, owner: Account, member: Account, role: str) -> None:
    api.post(f"/workspaces/{owner.workspace_id}/members/invite", json={"email": member.email, "role": role})


def _history(page: Page, name: str):  # type: ignore[no-untyped-def]
    panel = page.get_by_role("dialog", name=name)
    return panel, panel.get_by_role("list", name="History")


def test_history_names_who_changed_what_and_updates_live(
    signed_in_page: Callable[..., Page],
    api: Callable[[Account], Api],
    make_user: Callable[..., Account],
    owner: Account,
    board: ItemBoard,
) -> None:
    colleague = make_user(name="Grace Hopper")
    _join(api(owner), owner, colleague, "full-member")
    page = signed_in_page(owner)
    item = board.items["Write the launch post"]
    page.goto(board.path(f"?item={item}"))
    panel, history = _history(page, "Write the launch post")
    entries = history.get_by_test_id("history-entry")
    # Newest first: the values set at creation, then the creation itself, by the owner.
    expect(entries.last).to_contain_text(f"{owner.name} created the item")
    expect(history).to_contain_text("set Estimate to 3")
    expect(history).to_contain_text("set Name to Write the launch post")

    # Someone else changes the item while the panel is open: the entry appears, with their name
    # and the label's name (not its id).
    other = api(colleague)
    labels = _labels(board)
    draft, final = labels["Draft"], labels["Final"]
    for data in ([draft], [final]):
        other.patch(
            f"{board.base}/items/{item}",
            json={"values": [{"attribute_id": board.attributes["Status"], "data": data}]},
        )
    newest = entries.first
    expect(newest).to_contain_text("Grace Hopper changed Status from Draft → Final", timeout=10_000)
    expect(newest.locator("time")).to_be_visible()
    assert draft not in (newest.text_content() or "")

    # A change made in the panel shows up at once too.
    panel.get_by_role("button", name="Edit Estimate").click()
    field = panel.get_by_label("Estimate", exact=True).last
    field.fill("8")
    field.press("Enter")
    expect(entries.first).to_contain_text(f"{owner.name} changed Estimate from 3 → 8")

    # The filter keeps one attribute's changes.
    panel.get_by_role("combobox", name="Show changes of").select_option(label="Status")
    expect(entries).to_have_count(2)
    expect(entries.first).to_contain_text("changed Status")
    expect(entries.last).to_contain_text("Grace Hopper set Status to Draft")
    panel.get_by_role("combobox", name="Show changes of").select_option(label="All changes")
    expect(entries).to_have_count(6)


def test_older_changes_load_page_by_page(
    signed_in_page: Callable[..., Page], owner: Account, board: ItemBoard
) -> None:
    item = board.items["Write the launch post"]
    for n in range(4, 30):  # 26 updates + 3 entries at creation
        board.api.patch(
            f"{board.base}/items/{item}",
            json={"values": [{"attribute_id": board.attributes["Estimate"], "data": n}]},
        )
    page = signed_in_page(owner)
    page.goto(board.path(f"?item={item}"))
    panel, history = _history(page, "Write the launch post")
    entries = history.get_by_test_id("history-entry")
    expect(entries).to_have_count(20)
    expect(entries.first).to_contain_text("changed Estimate from 28 → 29")
    panel.get_by_role("button", name="Show older changes").click()
    expect(entries).to_have_count(29)
    expect(entries.last).to_contain_text("created the item")
    expect(panel.get_by_role("button", name="Show older changes")).to_have_count(0)


def test_start_and_stop_a_timer_updates_the_total(
    signed_in_page: Callable[..., Page], owner: Account, board: ItemBoard
) -> None:
    item = board.items["Write the launch post"]
    page = signed_in_page(owner)
    page.goto(board.path(f"?item={item}"))
    panel = page.get_by_role("dialog", name="Write the launch post")
    timer = panel.get_by_role("group", name="Time")
    expect(timer.get_by_label("Time total")).to_have_text("0:00:00")
    timer.get_by_role("button", name="Start timer on Time").click()
    expect(timer).to_contain_text("Running")
    expect(timer.get_by_label("Time elapsed")).to_have_text(re.compile(r"0:00:0[2-9]"), timeout=6_000)

    # A reload of the page still knows the running entry (this browser started it).
    page.reload()
    timer = page.get_by_role("dialog", name="Write the launch post").get_by_role("group", name="Time")
    expect(timer.get_by_label("Time elapsed")).to_be_visible()
    timer.get_by_role("button", name="Stop timer on Time").click()
    expect(timer.get_by_label("Time elapsed")).to_have_count(0)
    expect(timer.get_by_role("button", name="Start timer on Time")).to_be_visible()
    expect(timer.get_by_label("Time total")).to_have_text(re.compile(r"0:00:0[2-9]"))
    total = board.value("Write the launch post", "Time")
    assert isinstance(total, int) and 2 <= total < 10
    # The new total is in the item's history too.
    history = page.get_by_role("list", name="History")
    expect(history.get_by_test_id("history-entry").first).to_contain_text(
        re.compile(r"set Time to 0:00:0[2-9]")
    )


def test_a_timer_running_elsewhere_is_explained(
    signed_in_page: Callable[..., Page], owner: Account, board: ItemBoard
) -> None:
    item = board.items["Write the launch post"]
    # Started by another client of the same person (an integration): this browser does not know it.
    elsewhere = board.api.post(
        f"{board.base}/time-tracking", json={"item_id": item, "attribute_id": board.attributes["Time"]}
    )
    page = signed_in_page(owner)
    page.goto(board.path(f"?item={item}"))
    timer = page.get_by_role("dialog", name="Write the launch post").get_by_role("group", name="Time")
    timer.get_by_role("button", name="Start timer on Time").click()
    expect(timer.get_by_role("alert")).to_contain_text("already running")
    expect(timer.get_by_label("Time elapsed")).to_have_count(0)
    time.sleep(0.2)
    still = board.api.get(f"{board.base}/time-tracking/{elsewhere['id']}")
    assert still["ended_at"] is None


def test_moves_and_cleared_values_read_as_words(
    signed_in_page: Callable[..., Page], owner: Account, board: ItemBoard
) -> None:
    item = board.items["Write the launch post"]
    later = board.api.post(f"{board.base}/folders", json={"name": "Later"})
    board.api.patch(f"{board.base}/items/{item}", json={"folder_id": later["id"]})
    board.api.patch(
        f"{board.base}/items/{item}",
        json={"values": [{"attribute_id": board.attributes["Estimate"], "data": None}]},
    )
    status = board.attributes["Status"]
    for data in ([_labels(board)["Draft"]], []):
        board.api.patch(
            f"{board.base}/items/{item}", json={"values": [{"attribute_id": status, "data": data}]}
        )
    page = signed_in_page(owner)
    page.goto(board.path(f"?item={item}"))
    entries = page.get_by_role("list", name="History").get_by_test_id("history-entry")
    expect(entries.nth(0)).to_contain_text(f"{owner.name} cleared Status (was Draft)")
    expect(entries.nth(1)).to_contain_text(f"{owner.name} set Status to Draft")
    expect(entries.nth(2)).to_contain_text(f"{owner.name} cleared Estimate (was 3)")
    expect(entries.nth(3)).to_contain_text(f"{owner.name} moved it to the folder Later")
