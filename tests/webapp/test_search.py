"""The board's search box in a real browser: typing filters the table (the items list's `q`, in
the API's order), after a pause in typing, and Escape brings every item back."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, Request, expect

from tests.webapp.harness import Account, Api
from tests.webapp.item_board import make_item_board


def test_typing_filters_the_table(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    board = make_item_board(api(owner), owner)
    for name in ["Alpha launch plan", "Gamma budget review", "Beta launch notes", "Delta hiring"]:
        board.add_item(name)
    page = signed_in_page(owner)
    searched: list[str] = []

    def record(request: Request) -> None:
        query = parse_qs(urlsplit(request.url).query)
        if urlsplit(request.url).path.endswith("/items") and "q" in query:
            searched.append(query["q"][0])

    page.on("request", record)
    page.goto(board.path())
    rows = page.get_by_test_id("item-row")
    expect(rows).to_have_count(4)

    box = page.get_by_role("searchbox", name="Search items")
    box.press_sequentially("launch", delay=40)
    expect(rows).to_have_count(2)
    # Same order as the API's search answers.
    expected = board.api.get(f"{board.base}/items", params={"q": "launch", "expand[]": "values"})["data"]
    ids = [row.get_attribute("data-item-id") for row in rows.all()]
    assert ids == [item["id"] for item in expected]
    # Typed faster than the pause: one request, for the whole word.
    assert searched == ["launch"]

    box.fill("budget")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Gamma budget review")

    box.press("Escape")
    expect(box).to_have_value("")
    expect(rows).to_have_count(4)


def test_search_within_a_saved_view_keeps_its_filter(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    board = make_item_board(api(owner), owner)
    board.add_item("Launch plan", Estimate=8)
    board.add_item("Launch retro", Estimate=1)
    board.add_item("Budget review", Estimate=9)
    settings = {
        "filter": {
            "conditions": [{"attributeId": board.attributes["Estimate"], "operator": "gte", "value": 5}]
        }
    }
    view = board.api.post(
        f"{board.base}/views",
        json={"name": "Big ones", "type": "table", "folder_id": board.folder_id, "settings": settings},
    )
    page = signed_in_page(owner)
    page.goto(board.path(f"/v/{view['id']}"))
    rows = page.get_by_test_id("item-row")
    expect(rows).to_have_count(2)

    box = page.get_by_role("searchbox", name="Search items")
    box.fill("launch")
    # The view's filter still applies: the small launch item stays out.
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Launch plan")
    box.press("Escape")
    expect(rows).to_have_count(2)
