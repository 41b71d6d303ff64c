"""The kanban view in a real browser: columns from a label attribute, cards moved by dragging (and
by the keyboard menu), cards added in a column; every change checked through the API."""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.webapp.harness import REPO, Account, Api
from tests.webapp.views_world import World, eventually, make_world


@pytest.fixture
def world(api: Callable[[Account], Api], owner: Account) -> World:
    world = make_world(api(owner), owner)
    world.add_item("Write the brief", "To do", 3)
    world.add_item("Pick a name", "To do", 1)
    world.add_item("Draw the logo", "To do", 2)
    world.add_item("Ship it", "Doing", 5)
    world.add_item("Someday", None, 8)
    return world


def kanban_view(world: World, **settings: object) -> str:
    view = world.add_view(
        "Board", "columns", {"groupBy": world.status, "attributes": [world.points], **settings}
    )
    return str(view["id"])


def column(page: Page, world: World, status: str | None) -> Locator:
    key = world.labels[status] if status else ""
    return page.locator(f'section.kanban-column[data-column="{key}"]')


def card(page: Page, name: str) -> Locator:
    return page.locator("li.kanban-card", has=page.get_by_role("button", name=name, exact=True))


def open_kanban(signed_in_page: Callable[..., Page], world: World, view_id: str) -> Page:
    page = signed_in_page(world.account)
    page.goto(world.path(f"/v/{view_id}"))
    expect(page.get_by_test_id("kanban")).to_be_visible()
    return page


def test_columns_show_the_labels_and_cards_their_chosen_values(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = open_kanban(signed_in_page, world, kanban_view(world))
    for status, names in (("To do", 3), ("Doing", 1), ("Done", 0), (None, 1)):
        expect(column(page, world, status).locator("li.kanban-card")).to_have_count(names)
    expect(column(page, world, None)).to_contain_text("No label")
    ship = card(page, "Ship it")
    expect(ship).to_contain_text("Points")
    expect(ship).to_contain_text("5")
    # `OPENINFINITY_SCREENSHOTS=docs/screenshots` refreshes the documentation's picture.
    if target := os.environ.get("OPENINFINITY_SCREENSHOTS"):
        (REPO / target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(REPO / target / "kanban.png"))


def test_dragging_a_card_to_another_column_changes_its_label(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = open_kanban(signed_in_page, world, kanban_view(world))
    card(page, "Write the brief").drag_to(column(page, world, "Done"))
    expect(column(page, world, "Done").locator("li.kanban-card")).to_have_count(1)
    eventually(
        lambda: world.value("Write the brief", world.status) == [world.labels["Done"]],
        what="the label written through the API",
    )
    # To "No label": the value is emptied.
    card(page, "Ship it").drag_to(column(page, world, None))
    eventually(lambda: world.value("Ship it", world.status) in (None, []), what="the label removed")
    # The board, reloaded, shows what the server stored.
    page.reload()
    expect(card(page, "Write the brief")).to_have_attribute("data-column", world.labels["Done"])
    expect(card(page, "Ship it")).to_have_attribute("data-column", "")


def test_dragging_within_a_column_writes_a_sort_order_between_the_neighbours(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = open_kanban(signed_in_page, world, kanban_view(world))
    todo = column(page, world, "To do")
    expect(todo.locator("li.kanban-card").first).to_contain_text("Write the brief")
    before = {n: float(world.item(n)["sort_order"]) for n in ("Write the brief", "Pick a name")}
    # Drop "Draw the logo" on the upper half of the first card: it becomes the first.
    card(page, "Draw the logo").drag_to(card(page, "Write the brief"), target_position={"x": 20, "y": 4})
    expect(todo.locator("li.kanban-card").first).to_contain_text("Draw the logo")

    def moved() -> bool:
        return float(world.item("Draw the logo")["sort_order"]) < before["Write the brief"]

    eventually(moved, what="the new sort_order")
    # Dropped between two cards: strictly between their orders (fractional, nothing else rewritten).
    card(page, "Draw the logo").drag_to(card(page, "Pick a name"), target_position={"x": 20, "y": 4})
    expect(todo.locator("li.kanban-card").nth(1)).to_contain_text("Draw the logo")

    def between() -> bool:
        order = float(world.item("Draw the logo")["sort_order"])
        return before["Write the brief"] < order < before["Pick a name"]

    eventually(between, what="a sort_order between the neighbours")
    assert float(world.item("Write the brief")["sort_order"]) == before["Write the brief"]
    page.reload()
    names = todo.locator("li.kanban-card .kanban-card-name")
    expect(names).to_have_text(["Write the brief", "Draw the logo", "Pick a name"])


def test_the_move_menu_moves_a_card_from_the_keyboard(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = open_kanban(signed_in_page, world, kanban_view(world))
    page.get_by_role("button", name="Move Pick a name").focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name="Move Pick a name")
    expect(menu).to_be_visible()
    menu.get_by_role("menuitem", name="Move to Doing").focus()
    page.keyboard.press("Enter")
    expect(column(page, world, "Doing").locator("li.kanban-card")).to_have_count(2)
    eventually(lambda: world.value("Pick a name", world.status) == [world.labels["Doing"]], what="the move")
    # Focus followed the card: the next move is one key away (up, above "Ship it").
    expect(page.get_by_role("button", name="Move Pick a name")).to_be_focused()
    page.keyboard.press("Enter")
    page.get_by_role("menuitem", name="Move up").focus()
    page.keyboard.press("Enter")
    names = column(page, world, "Doing").locator("li.kanban-card .kanban-card-name")
    expect(names).to_have_text(["Pick a name", "Ship it"])
    eventually(
        lambda: float(world.item("Pick a name")["sort_order"]) < float(world.item("Ship it")["sort_order"]),
        what="the order written",
    )
    expect(page.get_by_role("button", name="Move Pick a name")).to_be_focused()


def test_adding_a_card_in_a_column_creates_an_item_with_that_label(
    signed_in_page: Callable[..., Page], world: World
) -> None:
    page = open_kanban(signed_in_page, world, kanban_view(world))
    page.get_by_role("button", name="Add a card to Doing").click()
    page.get_by_label("New card in Doing").fill("Review the copy")
    page.keyboard.press("Enter")
    expect(card(page, "Review the copy")).to_have_attribute("data-column", world.labels["Doing"])
    item = eventually(lambda: world.named_items().get("Review the copy"), what="the new item")
    labels = [v["data"] for v in item["values"] if v["attribute_id"] == world.status]
    assert labels == [[world.labels["Doing"]]]
    assert item["folder_id"] == world.folder_id


def test_a_sorted_view_orders_cards_by_its_sort(signed_in_page: Callable[..., Page], world: World) -> None:
    sort = {"conditions": [{"attributeId": world.points, "settings": {"direction": "desc"}}]}
    page = open_kanban(signed_in_page, world, kanban_view(world, sort=sort))
    names = column(page, world, "To do").locator("li.kanban-card .kanban-card-name")
    expect(names).to_have_text(["Write the brief", "Draw the logo", "Pick a name"])
