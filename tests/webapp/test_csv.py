"""Export and Import buttons of a board in a real browser: the download is the open view's CSV;
an import shows the dry run's report (counts, every row error) and writes only when confirmed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.webapp.harness import Account, Api
from tests.webapp.views_world import World, make_world


@pytest.fixture
def world(api: Callable[[Account], Api], owner: Account) -> World:
    world = make_world(api(owner), owner)
    world.add_item("Alpha", "To do", 5)
    world.add_item("Bravo", "Doing", 1)
    world.add_item("Charlie", "Done", 8)
    return world


def download_rows(page: Page) -> list[dict[str, str]]:
    with page.expect_download() as started:
        page.get_by_role("link", name="Export").click()
    path = started.value.path()
    assert path is not None
    text = Path(path).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_export_downloads_the_board_or_the_open_view(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    view = world.add_view(
        "Big",
        "table",
        {
            "filter": {
                "combinator": "AND",
                "conditions": [{"attributeId": world.points, "operator": "gte", "value": 4}],
            }
        },
    )
    page = signed_in_page(world.account)
    page.goto(world.path())
    expect(page.locator('[data-testid="item-row"]')).to_have_count(3)
    rows = download_rows(page)
    assert [(r["Name"], r["Status"], r["Points"]) for r in rows] == [
        ("Alpha", "To do", "5"), ("Bravo", "Doing", "1"), ("Charlie", "Done", "8"),
    ]  # fmt: skip

    page.goto(world.path(f"/v/{view['id']}"))
    expect(page.locator('[data-testid="item-row"]')).to_have_count(2)
    assert [r["Name"] for r in download_rows(page)] == ["Alpha", "Charlie"]


def pick(page: Page, content: str) -> None:
    dialog = page.get_by_role("dialog", name="Import items from CSV")
    dialog.get_by_label("CSV file").set_input_files(
        {"name": "items.csv", "mimeType": "text/csv", "buffer": content.encode("utf-8")}
    )


def test_import_shows_the_dry_run_then_imports_on_confirmation(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.account)
    page.goto(world.path())
    expect(page.locator('[data-testid="item-row"]')).to_have_count(3)
    page.get_by_role("button", name="Import").click()
    dialog = page.get_by_role("dialog", name="Import items from CSV")

    pick(page, "Name,Status,Points\nDelta,Doing,two\nEcho,Blocked,3\n")
    alert = dialog.get_by_role("alert")
    expect(alert).to_contain_text("2 errors")
    expect(alert.locator("tbody tr")).to_have_text(
        ['2Points"two" must be a number.', '3Status"Blocked" names a label that does not exist: "Blocked".']
    )
    expect(dialog.get_by_role("button", name="Import", exact=False)).to_be_disabled()
    assert len(world.named_items()) == 3

    pick(page, "Name,Status,Points\nDelta,Doing,2\nEcho,Blocked,3\n")
    dialog.get_by_label("Create labels that do not exist yet").check()
    expect(dialog.get_by_test_id("csv-summary")).to_have_text("2 items would be created, 1 new label.")
    assert len(world.named_items()) == 3

    dialog.get_by_role("button", name="Import 2 items").click()
    expect(dialog.get_by_test_id("csv-summary")).to_have_text("2 items created, 1 new label.")
    dialog.get_by_role("button", name="Close").click()
    expect(page.locator('[data-testid="item-row"]')).to_have_count(5)
    items = world.named_items()
    assert set(items) == {"Alpha", "Bravo", "Charlie", "Delta", "Echo"}
    delta = {v["attribute_id"]: v["data"] for v in items["Delta"]["values"]}
    assert delta[world.points] == 2 and delta[world.status] == [world.labels["Doing"]]


def test_a_reimport_matched_by_name_updates_instead_of_duplicating(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.account)
    page.goto(world.path())
    expect(page.locator('[data-testid="item-row"]')).to_have_count(3)
    page.get_by_role("button", name="Import").click()
    dialog = page.get_by_role("dialog", name="Import items from CSV")
    dialog.get_by_label("Update items with the same").select_option(label="Name")
    pick(page, "Name,Points\nAlpha,50\nFoxtrot,6\n")
    expect(dialog.get_by_test_id("csv-summary")).to_have_text("1 item would be created, 1 would be updated.")
    dialog.get_by_role("button", name="Import 2 items").click()
    expect(dialog.get_by_test_id("csv-summary")).to_have_text("1 item created, 1 updated.")
    dialog.get_by_role("button", name="Close").click()
    expect(page.locator('[data-testid="item-row"]')).to_have_count(4)
    items = world.named_items()
    assert set(items) == {"Alpha", "Bravo", "Charlie", "Foxtrot"}
    alpha = {v["attribute_id"]: v["data"] for v in items["Alpha"]["values"]}
    assert alpha[world.points] == 50
