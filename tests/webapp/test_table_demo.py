"""The demo workspace in the table view: every one of the value types shows as a person expects
(chips, avatars, stars, bars, thumbnails, n/m done, item names ...), computed columns are read-only.
`OPENINFINITY_SCREENSHOTS=docs/screenshots` saves the documentation's picture of the table."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.webapp.harness import REPO, Api, LiveServer, live_server_in, sign_in


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The browser fixtures' server, started with --demo."""
    with live_server_in(tmp_path_factory.mktemp("demo-table"), "--demo") as server:
        yield server


def _all(api: Api, path: str, **params: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    after = None
    while True:
        page = api.get(path, params={"limit": 100, **params, **({"after": after} if after else {})})
        rows += page["data"]
        if not page["has_more"]:
            return rows
        after = page["after"]


def _empty(data: Any) -> bool:
    return data is None or data == "" or data == [] or data is False


def _cell(page: Page, item_id: str, attribute_id: str) -> Locator:
    return page.locator(f'[data-item-id="{item_id}"] [role="gridcell"][data-attribute-id="{attribute_id}"]')


def test_every_value_type_of_the_demo_shows_in_the_table(
    live_server: LiveServer, built_webapp: Path, new_page: Callable[[], Page]
) -> None:
    log = live_server.log.read_text()
    email = re.findall(r"Sign in:\s+(\S+) / ", log)[-1]
    password = re.findall(r"Sign in:\s+\S+ / (\S+)", log)[-1]
    token = re.findall(r"Bearer (\S+?)'", log)[-1]
    api = Api(live_server.base_url, token)
    (workspace,) = api.get("/workspaces")["data"]
    page = new_page()
    page.set_viewport_size({"width": 1600, "height": 900})
    sign_in(page, live_server.base_url, email, password)

    shown: set[str] = set()
    for board in _all(api, f"/workspaces/{workspace['id']}/boards"):
        base = f"/workspaces/{workspace['id']}/boards/{board['id']}"
        items = _all(api, f"{base}/items", parent_id="null", **{"expand[]": "values.attribute"})
        page.goto(f"/w/{workspace['id']}/b/{board['id']}")
        expect(page.get_by_test_id("item-row")).to_have_count(len(items))
        for attribute in _all(api, f"{base}/attributes"):
            header = page.locator(f'[role="columnheader"][data-attribute-id="{attribute["id"]}"]')
            expect(header).to_have_accessible_name(attribute["name"])
            kind = attribute["type"]
            holder = next(
                (
                    (item, value["data"])
                    for item in items
                    for value in item["values"]
                    if value["attribute_id"] == attribute["id"] and not _empty(value["data"])
                ),
                None,
            )
            if holder is None:
                continue
            item, data = holder
            cell = _cell(page, item["id"], attribute["id"])
            expect(cell.locator(".cell-display > *").first).to_be_visible()
            expect(cell).to_have_attribute("aria-readonly", "true" if kind in READ_ONLY else "false")
            CHECKS.get(kind, lambda c, d: None)(cell, data)
            shown.add(kind)
        if board["name"] == "Product Launch" and (target := os.environ.get("OPENINFINITY_SCREENSHOTS")):
            (REPO / target).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(REPO / target / "table.png"))
    # The demo uses every type with a value; each of them was checked in some board.
    assert len(shown) == 21, sorted(shown)
    api.close()


READ_ONLY = {"reference", "created_at", "updated_at", "created_by", "source_folder", "time_tracking"}


def _label(cell: Locator, data: Any) -> None:
    expect(cell.locator(".chip")).to_have_count(len(data))


def _members(cell: Locator, data: Any) -> None:
    expect(cell.locator(".avatar")).to_have_count(len(data))


def _checklist(cell: Locator, data: Any) -> None:
    done = sum(1 for entry in data if entry["done"])
    expect(cell).to_contain_text(f"{done}/{len(data)} done")


def _rating(cell: Locator, data: Any) -> None:
    expect(cell.get_by_role("img")).to_have_accessible_name(re.compile(rf"^{data:g} of "))


def _progress(cell: Locator, data: Any) -> None:
    expect(cell.get_by_role("progressbar")).to_have_attribute("aria-valuenow", f"{data:g}")


def _attachments(cell: Locator, data: Any) -> None:
    images = [f for f in data if f.get("thumb")]
    expect(cell.locator("img.thumb")).to_have_count(len(images))
    if images:
        # The thumbnail really loads through its signed link.
        cell.locator("img.thumb").first.evaluate(
            "img => img.complete ? null : new Promise(r => img.addEventListener('load', r))"
        )
        assert cell.locator("img.thumb").first.evaluate("img => img.naturalWidth") > 0


def _reference(cell: Locator, data: Any) -> None:
    expect(cell.locator(".ref-chip")).to_have_count(len(data))
    expect(cell).not_to_contain_text("…")  # every referenced item's name was found


def _date(cell: Locator, data: Any) -> None:
    expect(cell.locator("time")).to_have_attribute("datetime", data)


def _checkbox(cell: Locator, data: Any) -> None:
    expect(cell.get_by_role("img")).to_have_accessible_name(re.compile(": checked$"))


def _email(cell: Locator, data: Any) -> None:
    expect(cell.get_by_role("link", name=data)).to_have_attribute("href", f"mailto:{data}")


def _time_tracking(cell: Locator, data: Any) -> None:
    """Total seconds as hours and minutes (the demo's calls: 95 and 40 minutes)."""
    hours, minutes = divmod(data // 60, 60)
    expect(cell).to_have_text(f"{hours}h {minutes}m" if hours else f"{minutes}m")


CHECKS: dict[str, Callable[[Locator, Any], None]] = {
    "label": _label,
    "members": _members,
    "vote": lambda cell, data: expect(cell).to_contain_text(str(len(data))),
    "checklist": _checklist,
    "rating": _rating,
    "progress": _progress,
    "attachments": _attachments,
    "reference": _reference,
    "date": _date,
    "created_at": _date,
    "updated_at": _date,
    "checkbox": _checkbox,
    "email": _email,
    "text": lambda cell, data: expect(cell).to_contain_text(data),
    "time_tracking": _time_tracking,
}
