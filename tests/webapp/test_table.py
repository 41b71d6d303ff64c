"""The table view in a real browser against a real server: create a board, add columns of many
types, add items and edit every value in place, refused values, keyboard, row order, folders,
sub-items and board access. Every change is checked through the API with a token."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from typing import Any

from PIL import Image
from playwright.sync_api import Locator, Page, Route, expect

from tests.webapp.harness import REPO, Account, Api, LiveServer
from tests.webapp.views_world import World, eventually, make_world


def row(page: Page, name: str) -> Locator:
    """The grid row whose Name cell reads `name`."""
    return page.get_by_test_id("item-row").filter(
        has=page.get_by_role("gridcell", name="Name").get_by_text(name, exact=True)
    )


def cell(page: Page, item: str, column: str) -> Locator:
    return row(page, item).get_by_role("gridcell", name=column, exact=True)


def item_values(api: Api, base: str, item_id: str) -> dict[str, Any]:
    """attribute name -> data of one item, read through the API."""
    item = api.get(f"{base}/items/{item_id}", params={"expand[]": "values.attribute"})
    return {v["attribute"]["name"]: v["data"] for v in item["values"]}


def listed(api: Api, world: World, **params: Any) -> list[str]:
    """Item names of the world's folder in manual order, through the API."""
    page = api.get(
        f"{world.base}/items",
        params={
            "folder_id": world.folder_id,
            "sort_by": "sort_order",
            "sort_direction": "asc",
            "expand[]": "values",
            "limit": 100,
            **params,
        },
    )
    return [next(v["data"] for v in i["values"] if v["attribute_id"] == world.name) for i in page["data"]]


def open_board(signed_in_page: Callable[..., Page], world: World) -> Page:
    page = signed_in_page(world.account)
    page.goto(world.path())
    expect(page.get_by_role("grid")).to_be_visible()
    return page


def add_column(page: Page, name: str, kind: str, fill: Callable[[Locator], None] | None = None) -> None:
    page.get_by_role("button", name="+ Add column").click()
    form = page.get_by_role("form", name="Add column")
    form.get_by_label("Column name").fill(name)
    form.get_by_label("Type").select_option(kind)
    if fill:
        fill(form)
    form.get_by_role("button", name="Add column").click()
    expect(page.get_by_role("columnheader", name=name)).to_be_visible()


def edit_text(page: Page, item: str, column: str, text: str) -> None:
    cell(page, item, column).dblclick()
    # While editing, the cell shows an input, not its text: find the one open editor on the grid.
    field = page.get_by_role("grid").get_by_role("textbox", name=column, exact=True)
    field.fill(text)
    field.press("Enter")
    expect(field).to_have_count(0)


def test_create_board_add_columns_and_edit_every_value_in_place(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    page = signed_in_page(owner)
    page.goto(f"/w/{owner.workspace_id}")
    page.get_by_label("Board name").fill("Launch plan")
    page.get_by_role("button", name="Create board").click()
    expect(page.get_by_role("heading", name="Launch plan")).to_be_visible()
    board_id = page.url.rstrip("/").split("/b/")[1]
    base = f"/workspaces/{owner.workspace_id}/boards/{board_id}"
    assert client.get(base)["name"] == "Launch plan"

    def labels(form: Locator) -> None:
        form.get_by_label("Label 1 name").fill("Todo")
        form.get_by_role("button", name="Add label").click()
        form.get_by_label("Label 2 name").fill("Done")

    def stars(form: Locator) -> None:
        form.get_by_label("Maximum").fill("5")

    add_column(page, "Name", "text")
    add_column(page, "Budget", "number", lambda form: form.get_by_label("Maximum").fill("5000"))
    add_column(page, "Status", "label", labels)
    add_column(page, "Approved", "checkbox")
    add_column(page, "Due", "date")
    add_column(page, "Contact", "email")
    add_column(page, "Phone", "phone")
    add_column(page, "Score", "rating", stars)
    add_column(page, "Progress", "progress")
    add_column(page, "Steps", "checklist")
    add_column(page, "Owner", "members")
    add_column(page, "Notes", "longtext")
    made = {a["name"]: a for a in client.get(f"{base}/attributes", params={"limit": 100})["data"]}
    assert len({a["type"] for a in made.values()}) == 12
    assert made["Budget"]["settings"]["max"] == 5000 and made["Score"]["settings"]["max"] == 5

    page.get_by_label("New item name").fill("Kick-off")
    page.get_by_role("button", name="Add item").click()
    expect(row(page, "Kick-off")).to_be_visible()
    [item] = client.get(f"{base}/items")["data"]

    edit_text(page, "Kick-off", "Budget", "1250.5")
    edit_text(page, "Kick-off", "Contact", "ada@example.com")
    edit_text(page, "Kick-off", "Phone", "+1 206 555 0100")
    edit_text(page, "Kick-off", "Progress", "40")
    edit_text(page, "Kick-off", "Name", "Kick-off meeting")
    expect(row(page, "Kick-off meeting")).to_be_visible()
    item_name = "Kick-off meeting"

    # Label picker: tick "Done", save.
    cell(page, item_name, "Status").dblclick()
    page.get_by_role("listbox", name="Status").get_by_role("option", name="Done").click()
    page.get_by_role("button", name="Save").click()
    expect(cell(page, item_name, "Status")).to_contain_text("Done")
    # A label that does not exist yet is added to the column from the picker.
    cell(page, item_name, "Status").dblclick()
    page.get_by_label("Find Status").fill("Blocked")
    page.get_by_role("button", name="Add “Blocked”").click()
    expect(
        page.get_by_role("listbox", name="Status").get_by_role("option", name="Blocked")
    ).to_have_attribute("aria-selected", "true")
    page.get_by_role("button", name="Save").click()
    expect(cell(page, item_name, "Status")).to_contain_text("Blocked")

    # Checkbox: a click toggles it.
    cell(page, item_name, "Approved").click()
    expect(cell(page, item_name, "Approved").get_by_role("img")).to_have_accessible_name("Approved: checked")

    # Date picker.
    cell(page, item_name, "Due").dblclick()
    cell(page, item_name, "Due").get_by_label("Due").fill("2031-03-14")
    page.get_by_role("button", name="Save").click()
    expect(cell(page, item_name, "Due").locator("time")).to_have_attribute("datetime", "2031-03-14")

    # Rating: the fourth star.
    cell(page, item_name, "Score").dblclick()
    page.get_by_role("radio", name="4 of 5").click()
    expect(cell(page, item_name, "Score").get_by_role("img")).to_have_accessible_name("4 of 5")

    # Checklist: two entries, the first done.
    cell(page, item_name, "Steps").dblclick()
    new_entry = page.get_by_label("New entry of Steps")
    new_entry.fill("Book room")
    new_entry.press("Enter")
    new_entry.fill("Send invites")
    new_entry.press("Enter")
    page.get_by_label("Done: Book room").check()
    page.get_by_role("button", name="Save").click()
    expect(cell(page, item_name, "Steps")).to_contain_text("1/2 done")

    # Members: the owner.
    cell(page, item_name, "Owner").dblclick()
    page.get_by_role("listbox", name="Owner").get_by_role("option", name=owner.name).click()
    page.get_by_role("button", name="Save").click()
    expect(cell(page, item_name, "Owner").get_by_role("img", name=owner.name)).to_be_visible()

    # Long text: two lines (Ctrl+Enter saves).
    cell(page, item_name, "Notes").dblclick()
    notes = cell(page, item_name, "Notes").get_by_role("textbox", name="Notes")
    notes.fill("Agenda first\nthen <b>coffee</b>")
    notes.press("Control+Enter")
    expect(cell(page, item_name, "Notes")).to_contain_text("Agenda first then <b>coffee</b>")

    stored = item_values(client, base, item["id"])
    status_labels = {
        lab["name"]: lab["id"]
        for lab in next(
            a
            for a in client.get(f"{base}/attributes", params={"limit": 100})["data"]
            if a["name"] == "Status"
        )["settings"]["labels"]
    }
    assert stored["Name"] == "Kick-off meeting"
    assert stored["Budget"] == 1250.5
    assert stored["Status"] == [status_labels["Done"], status_labels["Blocked"]]
    assert stored["Approved"] is True
    assert stored["Due"] == "2031-03-14"
    assert stored["Contact"] == "ada@example.com"
    assert stored["Phone"] == "+1 206 555 0100"
    assert stored["Score"] == 4
    assert stored["Progress"] == 40
    assert [(e["name"], e["done"]) for e in stored["Steps"]] == [("Book room", True), ("Send invites", False)]
    assert stored["Owner"] == [owner.user_id]
    assert stored["Notes"] == "<p>Agenda first</p><p>then &lt;b&gt;coffee&lt;/b&gt;</p>"


def test_a_refused_value_shows_the_api_message_keeps_the_text_and_changes_nothing(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    progress = client.post(f"{world.base}/attributes", json={"name": "Progress", "type": "progress"})
    contact = client.post(f"{world.base}/attributes", json={"name": "Contact", "type": "email"})
    budget = client.post(
        f"{world.base}/attributes", json={"name": "Budget", "type": "number", "settings": {"max": 10000}}
    )
    item_id = world.add_item("Audit")
    client.put(
        f"{world.base}/items/{item_id}",
        json={
            "values": [
                {"attribute_id": progress["id"], "data": 30},
                {"attribute_id": contact["id"], "data": "ops@example.com"},
                {"attribute_id": budget["id"], "data": 500},
            ]
        },
    )
    page = open_board(signed_in_page, world)

    target = cell(page, "Audit", "Progress")
    target.dblclick()
    field = target.get_by_role("textbox", name="Progress")
    field.fill("150")
    field.press("Enter")
    expect(target.get_by_role("alert")).to_have_text("Progress must be between 0 and 100.")
    expect(field).to_have_value("150")  # what was typed is still there
    assert item_values(client, world.base, item_id)["Progress"] == 30
    field.press("Escape")  # cancel: the stored value again, no message
    expect(target.get_by_role("alert")).to_have_count(0)
    expect(target.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "30")

    # A number above the attribute's max.
    target = cell(page, "Audit", "Budget")
    target.dblclick()
    field = target.get_by_role("textbox", name="Budget")
    field.fill("12000")
    field.press("Enter")
    expect(target.get_by_role("alert")).to_have_text("Budget must not be greater than 10000.")
    expect(field).to_have_value("12000")
    assert item_values(client, world.base, item_id)["Budget"] == 500
    field.press("Escape")

    target = cell(page, "Audit", "Contact")
    target.dblclick()
    field = target.get_by_role("textbox", name="Contact")
    field.fill("not an address")
    field.press("Enter")
    expect(target.get_by_role("alert")).to_contain_text("Contact")
    expect(field).to_have_value("not an address")
    assert item_values(client, world.base, item_id)["Contact"] == "ops@example.com"
    # Corrected in place, it is saved.
    field.fill("audit@example.com")
    field.press("Enter")
    expect(target.get_by_role("alert")).to_have_count(0)
    eventually(
        lambda: item_values(client, world.base, item_id)["Contact"] == "audit@example.com",
        what="the corrected e-mail stored",
    )


def test_keyboard_moves_between_cells_enter_edits_escape_cancels(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    first = world.add_item("Alpha", points=1)
    world.add_item("Beta", points=2)
    page = open_board(signed_in_page, world)
    cell(page, "Alpha", "Name").click()
    expect(cell(page, "Alpha", "Name")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(cell(page, "Beta", "Name")).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(cell(page, "Alpha", "Points")).to_be_focused()
    page.keyboard.press("Enter")
    field = cell(page, "Alpha", "Points").get_by_role("textbox", name="Points")
    expect(field).to_be_focused()
    field.fill("99")
    page.keyboard.press("Escape")
    expect(field).to_have_count(0)
    expect(cell(page, "Alpha", "Points")).to_be_focused()
    expect(cell(page, "Alpha", "Points")).to_have_text("1")
    assert world.value("Alpha", world.points) == 1
    page.keyboard.press("Enter")
    expect(field).to_be_focused()
    page.keyboard.type("7")
    page.keyboard.press("Enter")
    expect(cell(page, "Alpha", "Points")).to_have_text("7")
    assert item_values(client, world.base, first)["Points"] == 7
    # Typing on a focused cell starts editing it with what is typed (the old text is replaced).
    cell(page, "Beta", "Name").click()
    page.keyboard.type("Gamma")
    page.keyboard.press("Enter")
    expect(row(page, "Gamma")).to_be_visible()
    eventually(lambda: listed(client, world) == ["Alpha", "Gamma"], what="Beta renamed Gamma")


def test_rows_reorder_by_drag_and_by_keyboard(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    for name in ("One", "Two", "Three", "Four"):
        world.add_item(name)
    page = open_board(signed_in_page, world)
    handle = row(page, "Four").locator(".drag-handle")
    handle.drag_to(row(page, "Two"))
    eventually(lambda: listed(client, world) == ["One", "Four", "Two", "Three"], what="Four moved before Two")
    expect(page.get_by_test_id("item-row").first).to_contain_text("One")
    # Alt+↑ on a row moves it up one place.
    cell(page, "Three", "Name").click()
    page.keyboard.press("Alt+ArrowUp")
    eventually(lambda: listed(client, world) == ["One", "Four", "Three", "Two"], what="Three moved up")
    # The stored order is what a reload shows.
    page.reload()
    expect(page.get_by_test_id("item-row").nth(2)).to_contain_text("Three")
    sort_orders = [
        float(i["sort_order"])
        for i in client.get(
            f"{world.base}/items",
            params={"folder_id": world.folder_id, "sort_by": "sort_order", "sort_direction": "asc"},
        )["data"]
    ]
    assert sort_orders == sorted(sort_orders) and len(set(sort_orders)) == 4


def test_folders_tree_lists_the_items_of_the_chosen_folder(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    world.add_item("In main folder")
    archive = client.post(f"{world.base}/folders", json={"name": "Archive"})
    old = client.post(f"{world.base}/folders", json={"name": "2024", "parent_id": archive["id"]})
    client.post(
        f"{world.base}/items",
        json={"folder_id": old["id"], "values": [{"attribute_id": world.name, "data": "Old report"}]},
    )
    page = open_board(signed_in_page, world)
    tree = page.get_by_role("tree", name="Folders of the board")
    expect(tree.get_by_role("treeitem", name="Archive")).to_be_visible()
    # 2024 is nested inside Archive.
    expect(tree.get_by_role("treeitem", name="Archive").get_by_role("treeitem", name="2024")).to_be_visible()
    expect(row(page, "In main folder")).to_be_visible()
    expect(row(page, "Old report")).to_be_visible()  # "All items": the whole board
    tree.get_by_role("button", name="2024", exact=True).click()
    expect(row(page, "Old report")).to_be_visible()
    expect(row(page, "In main folder")).to_have_count(0)
    # A folder made in the app goes inside the selected one.
    page.get_by_role("button", name="+ New folder").click()
    page.get_by_label("Folder name").fill("Q1")
    page.get_by_role("button", name="Create folder").click()
    expect(tree.get_by_role("treeitem", name="2024").get_by_role("treeitem", name="Q1")).to_be_visible()
    folders = {f["name"]: f for f in client.get(f"{world.base}/folders", params={"limit": 100})["data"]}
    assert folders["Q1"]["parent_id"] == old["id"]
    # An item added while a folder is selected lands in that folder.
    tree.get_by_role("button", name="Q1", exact=True).click()
    page.get_by_label("New item name").fill("Plan Q1")
    page.get_by_role("button", name="Add item").click()
    expect(row(page, "Plan Q1")).to_be_visible()
    eventually(
        lambda: [i["id"] for i in client.get(f"{world.base}/folders/{folders['Q1']['id']}/items")["data"]],
        what="the item in folder Q1",
    )


def test_sub_items_show_under_their_parent(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    parent = world.add_item("Trip")
    client.post(
        f"{world.base}/items",
        json={
            "folder_id": world.folder_id,
            "parent_id": parent,
            "values": [{"attribute_id": world.name, "data": "Book flights"}],
        },
    )
    page = open_board(signed_in_page, world)
    expect(row(page, "Trip")).to_be_visible()
    expect(row(page, "Book flights")).to_have_count(0)  # top-level rows only, until expanded
    row(page, "Trip").get_by_role("button", name="Show sub-items").click()
    expect(row(page, "Book flights")).to_be_visible()
    expect(row(page, "Book flights")).to_have_attribute("aria-level", "2")
    page.get_by_label("New sub-item name").fill("Pack bags")
    page.get_by_role("button", name="Add sub-item").click()
    expect(row(page, "Pack bags")).to_have_attribute("aria-level", "2")
    children = client.get(f"{world.base}/items", params={"parent_id": parent, "expand[]": "values"})["data"]
    assert sorted(v["data"] for c in children for v in c["values"] if v["attribute_id"] == world.name) == [
        "Book flights",
        "Pack bags",
    ]
    row(page, "Trip").get_by_role("button", name="Hide sub-items").click()
    expect(row(page, "Pack bags")).to_have_count(0)
    # Deleting the parent (after the confirmation) deletes its sub-items too.
    page.once("dialog", lambda dialog: dialog.accept())
    row(page, "Trip").get_by_role("button", name="Delete item").click()
    expect(row(page, "Trip")).to_have_count(0)
    client.get(f"{world.base}/items/{parent}", expect=404)
    assert client.get(f"{world.base}/items", params={"parent_id": parent})["data"] == []


def test_columns_rename_and_delete(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    world.add_item("Thing", points=3)
    page = open_board(signed_in_page, world)
    page.get_by_role("button", name="Column menu of Points").click()
    page.get_by_role("menuitem", name="Rename column").click()
    field = page.get_by_label("New name of Points")
    field.fill("Estimate")
    field.press("Enter")
    expect(page.get_by_role("columnheader", name="Estimate")).to_be_visible()
    assert client.get(f"{world.base}/attributes/{world.points}")["name"] == "Estimate"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Column menu of Estimate").click()
    page.get_by_role("menuitem", name="Delete column").click()
    expect(page.get_by_role("columnheader", name="Estimate")).to_have_count(0)
    names = [a["name"] for a in client.get(f"{world.base}/attributes")["data"]]
    assert "Estimate" not in names


def test_a_restricted_member_does_not_see_a_board_they_are_not_on(
    signed_in_page: Callable[..., Page],
    live_server: LiveServer,
    owner: Account,
    api: Callable[[Account], Api],
) -> None:
    client = api(owner)
    world = make_world(client, owner, board_name="Secret plans")
    open_board_ = client.post(f"/workspaces/{owner.workspace_id}/boards", json={"name": "Team wiki"})
    guest = live_server.make_user(name="Guest Person")
    client.post(
        f"/workspaces/{owner.workspace_id}/members/invite",
        json={"email": guest.email, "role": "restricted-member"},
    )
    client.put(
        f"/workspaces/{owner.workspace_id}/boards/{open_board_['id']}", json={"user_ids": [guest.user_id]}
    )

    page = signed_in_page(guest)
    page.goto(f"/w/{owner.workspace_id}")
    boards = page.get_by_role("list", name="Boards")
    expect(boards.get_by_role("link", name="Team wiki")).to_be_visible()
    expect(boards.get_by_role("link", name="Secret plans")).to_have_count(0)
    # Typing the address does not open it either: the API refuses and the page says so.
    page.goto(world.path())
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_role("grid")).to_have_count(0)


def test_table_of_the_demo_like_board_on_a_narrow_window(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    for name, status, points in (
        ("Write the brief", "To do", 3),
        ("Ship it", "Doing", 5),
        ("Retro", "Done", 1),
    ):
        world.add_item(name, status, points)
    page = open_board(signed_in_page, world)
    expect(cell(page, "Ship it", "Status")).to_contain_text("Doing")
    page.set_viewport_size({"width": 420, "height": 800})
    expect(page.get_by_role("grid")).to_be_visible()
    expect(page.get_by_role("combobox", name="Workspace")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 440, f"the page scrolls sideways on a narrow window ({width}px)"
    if target := os.environ.get("OPENINFINITY_SCREENSHOTS"):
        page.set_viewport_size({"width": 1280, "height": 720})
        (REPO / target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(REPO / target / "table-narrow.png"))


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 160), "#2e9d6b").save(buffer, format="PNG")
    return buffer.getvalue()


def test_links_votes_attachments_and_references_in_cells(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    client = api(owner)
    world = make_world(client, owner)
    attribute = {
        kind: client.post(f"{world.base}/attributes", json={"name": name, "type": kind})["id"]
        for name, kind in (
            ("Links", "links"),
            ("Votes", "vote"),
            ("Files", "attachments"),
            ("See also", "reference"),
        )
    }
    item_id = world.add_item("Launch")
    other = world.add_item("Press kit")
    client.post(
        f"{world.base}/references",
        json={"attribute_id": attribute["reference"], "from_item_id": item_id, "to_item_id": other},
    )
    page = open_board(signed_in_page, world)

    # References: the linked item's name, read-only (written through the References endpoint).
    expect(cell(page, "Launch", "See also")).to_contain_text("Press kit")
    expect(cell(page, "Launch", "See also")).to_have_attribute("aria-readonly", "true")

    # Links: add one by its address, with a name.
    cell(page, "Launch", "Links").dblclick()
    page.get_by_label("New link of Links").fill("https://example.com/launch")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_label("Link 1 name").fill("Launch page")
    page.get_by_role("button", name="Save").click()
    expect(cell(page, "Launch", "Links").get_by_role("link", name="Launch page")).to_have_attribute(
        "href", "https://example.com/launch"
    )

    # Vote: Enter on the focused cell toggles the signed-in person's vote.
    cell(page, "Launch", "Votes").click()
    expect(cell(page, "Launch", "Votes")).to_contain_text("1")
    cell(page, "Launch", "Votes").press("Enter")
    expect(cell(page, "Launch", "Votes")).to_contain_text("0")
    cell(page, "Launch", "Votes").press("Enter")
    expect(cell(page, "Launch", "Votes")).to_contain_text("1")

    # Attachments: upload an image in the cell's editor; its thumbnail shows in the cell.
    cell(page, "Launch", "Files").dblclick()
    page.get_by_label("Upload to Files").set_input_files(
        {"name": "poster.png", "mimeType": "image/png", "buffer": _png()}
    )
    expect(page.get_by_role("button", name="Remove poster.png")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    thumb = cell(page, "Launch", "Files").get_by_role("img", name="poster.png")
    expect(thumb).to_be_visible()
    thumb.evaluate("img => img.complete ? null : new Promise(r => img.addEventListener('load', r))")
    assert thumb.evaluate("img => img.naturalWidth") > 0

    stored = item_values(client, world.base, item_id)
    assert [(link["url"], link["name"]) for link in stored["Links"]] == [
        ("https://example.com/launch", "Launch page")
    ]
    assert stored["Votes"] == [owner.user_id]
    assert [f["original_name"] for f in stored["Files"]] == ["poster.png"]
    assert stored["See also"] == [other]


def test_a_page_that_fails_to_load_can_be_tried_again(
    signed_in_page: Callable[..., Page], owner: Account, api: Callable[[Account], Api]
) -> None:
    world = make_world(api(owner), owner)
    world.add_item("Still here")
    page = signed_in_page(owner)
    failed: list[str] = []

    def fail_once(route: Route) -> None:
        if not failed:
            failed.append(route.request.url)
            route.fulfill(status=503, json={"message": "Service unavailable.", "code": "unavailable"})
        else:
            route.continue_()

    page.route("**/api/v2/workspaces/*/boards/*/items?*", fail_once)
    page.goto(world.path())
    alert = page.get_by_role("alert").filter(has_text="Service unavailable.")
    expect(alert).to_be_visible()
    expect(row(page, "Still here")).to_have_count(0)
    alert.get_by_role("button", name="Try again").click()
    expect(row(page, "Still here")).to_be_visible()
    expect(alert).to_have_count(0)
    assert failed and "sort_by=sort_order" in failed[0]
