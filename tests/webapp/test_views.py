"""Saved views in a real browser: a filter built with the editor (never typed as JSON) and saved
through the views API, its tab after a reload, a view made through the API, rename and delete."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.webapp.harness import Account, Api
from tests.webapp.views_world import World, eventually, make_world

NAMES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo")


@pytest.fixture
def world(api: Callable[[Account], Api], owner: Account) -> World:
    world = make_world(api(owner), owner)
    world.add_item("Alpha", "To do", 5)
    world.add_item("Bravo", "Doing", 1)
    world.add_item("Charlie", "Done", 8)
    world.add_item("Delta", None, 2)
    world.add_item("Echo", "Doing", 4)
    return world


def expect_rows(page: Page, names: list[str]) -> None:
    cells = page.locator('[data-testid="item-row"] [role="gridcell"][aria-label="Name"]')
    expect(cells).to_have_text(names)


def test_a_filter_built_in_the_editor_is_saved_as_a_view(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = signed_in_page(world.account)
    page.goto(world.path())
    expect_rows(page, list(NAMES))

    page.get_by_role("button", name="New view").click()
    editor = page.get_by_role("form", name="New view")
    editor.get_by_label("View name").fill("Big or finished")
    # Points >= 4 AND (Status is any of Done OR Status is empty)
    editor.get_by_role("button", name="+ Condition").last.click()
    first = editor.get_by_role("group", name="Condition on Name")
    first.get_by_label("Attribute").select_option(label="Points")
    condition = editor.get_by_role("group", name="Condition on Points")
    condition.get_by_label("Operator").select_option("gte")
    condition.get_by_label("Value").fill("4")
    editor.get_by_role("button", name="+ Group").click()
    group = editor.get_by_role("group", name="Group", exact=True)
    group.get_by_label("Attribute").select_option(label="Status")
    status = group.get_by_role("group", name="Condition on Status")
    status.get_by_label("Done").check()
    group.get_by_role("button", name="+ Condition").click()
    group.get_by_role("group", name="Condition on Name").get_by_label("Attribute").select_option(
        label="Status"
    )
    group.get_by_role("group", name="Condition on Status").nth(1).get_by_label("Operator").select_option(
        "is_empty"
    )
    editor.get_by_role("button", name="Create view").click()

    expect(page.get_by_role("tab", name="Big or finished")).to_have_attribute("aria-selected", "true")
    expect_rows(page, ["Charlie"])

    # Stored through the API, in the grammar's shape.
    view = eventually(lambda: next((v for v in world.views() if v["name"] == "Big or finished"), None))
    assert view["type"] == "table"
    assert view["settings"]["filter"] == {
        "combinator": "AND",
        "conditions": [
            {"attributeId": world.points, "operator": "gte", "value": 4},
            {
                "combinator": "OR",
                "conditions": [
                    {"attributeId": world.status, "operator": "in", "value": [world.labels["Done"]]},
                    {"attributeId": world.status, "operator": "is_empty"},
                ],
            },
        ],
    }
    assert f"/v/{view['id']}" in page.url

    # A reload opens the same view with its filter applied.
    page.reload()
    expect(page.get_by_role("tab", name="Big or finished")).to_have_attribute("aria-selected", "true")
    expect_rows(page, ["Charlie"])
    # "All items" is the whole board again.
    page.get_by_role("tab", name="All items").click()
    expect_rows(page, list(NAMES))


def test_a_view_made_through_the_api_is_a_tab_with_its_filter_and_sort(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    view = world.add_view(
        "Doing by points",
        "table",
        {
            "filter": {
                "conditions": [
                    {"attributeId": world.status, "operator": "in", "value": [world.labels["Doing"]]}
                ]
            },
            "sort": {"conditions": [{"attributeId": world.points, "settings": {"direction": "desc"}}]},
        },
    )
    page = signed_in_page(world.account)
    page.goto(world.path())
    page.get_by_role("tab", name="Doing by points").click()
    expect_rows(page, ["Echo", "Bravo"])
    assert f"/v/{view['id']}" in page.url


def test_editing_renaming_and_deleting_a_view_write_through_the_api(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    view = world.add_view(
        "Small",
        "table",
        {
            "filter": {"conditions": [{"attributeId": world.points, "operator": "lt", "value": 3}]},
            "columnWidths": {"x": 120},
        },
    )
    page = signed_in_page(world.account)
    page.goto(world.path(f"/v/{view['id']}"))
    expect_rows(page, ["Bravo", "Delta"])

    page.get_by_role("button", name="Edit view").click()
    editor = page.get_by_role("form", name="Edit view")
    editor.get_by_label("View name").fill("Tiny")
    editor.get_by_role("group", name="Condition on Points").get_by_label("Value").fill("2")
    editor.get_by_role("button", name="+ Sort").click()
    editor.get_by_label("Sort by").select_option(label="Name")
    editor.get_by_label("Direction").select_option("desc")
    editor.get_by_role("button", name="Save view").click()
    expect(page.get_by_role("tab", name="Tiny")).to_be_visible()
    expect_rows(page, ["Bravo"])

    stored = world.api.get(f"{world.base}/views/{view['id']}")
    assert stored["name"] == "Tiny"
    assert stored["settings"]["filter"]["conditions"] == [
        {"attributeId": world.points, "operator": "lt", "value": 2}
    ]
    assert stored["settings"]["sort"] == {
        "conditions": [{"attributeId": world.name, "settings": {"direction": "desc"}}]
    }
    assert stored["settings"]["columnWidths"] == {"x": 120}, "keys other clients stored are kept"

    page.get_by_role("button", name="Edit view").click()
    page.get_by_role("button", name="Delete view").click()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_role("tab", name="Tiny")).to_have_count(0)
    expect(page.get_by_role("tab", name="All items")).to_have_attribute("aria-selected", "true")
    world.api.get(f"{world.base}/views/{view['id']}", expect=404)


def test_a_kanban_view_is_made_in_the_editor(signed_in_page: Callable[..., Page], world: World) -> None:
    page = signed_in_page(world.account)
    page.goto(world.path())
    page.get_by_role("button", name="New view").click()
    editor = page.get_by_role("form", name="New view")
    editor.get_by_label("View name").fill("Flow")
    editor.get_by_label("Type").select_option(label="Kanban")
    editor.get_by_label("Columns from").select_option(label="Status")
    editor.get_by_role("group", name="Show on cards").get_by_label("Points").check()
    editor.get_by_role("button", name="Create view").click()
    expect(page.get_by_test_id("kanban")).to_be_visible()
    expect(
        page.locator(f'section.kanban-column[data-column="{world.labels["Doing"]}"] li.kanban-card')
    ).to_have_count(2)
    view = eventually(lambda: next((v for v in world.views() if v["name"] == "Flow"), None))
    assert view["type"] == "columns"
    assert view["settings"]["groupBy"] == world.status
    assert view["settings"]["attributes"] == [world.points]
