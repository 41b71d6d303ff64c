"""GET …/items.csv: a board's items as people read them, streamed, optionally through a view."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from openinfinity.boardcsv import export as csv_export
from tests.boardcsv.csv_world import ATTRIBUTES, LABELS, add_item, csv_board, export, rows_of
from tests.factories import Account
from tests.factories_boards import _board_ctx


async def test_export_writes_values_as_people_read_them(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await csv_board(client, app, owner)
    ana, ben = board.members["ana"], board.members["ben"]
    item = await add_item(
        client,
        board,
        {
            "Name": "Park Güell",
            "Notes": "<p>Buy <b>tickets</b></p>",
            "Done": True,
            "Tags": [LABELS[1]["id"], LABELS[0]["id"]],
            "Cost": 1e20,
            "Stars": 4.5,
            "Due": "2024-05-25T10:00:00+02:00",
            "Email": "hello@example.com",
            "Phone": "+34 932 130 488",
            "Links": [{"url": "https://parkguell.barcelona/", "name": "Site"}, "https://example.com/x"],
            "Steps": [{"name": "Book", "done": True}, {"name": "Go"}],
            "People": [ben.user_id, ana.user_id],
            "Votes": [ana.user_id],
        },
    )
    empty = await add_item(client, board, {"Name": "Nothing yet"})

    response = await export(client, board)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert (
        disposition.startswith('attachment; filename="Trip, 2024.csv"')
        and "filename*=UTF-8''Trip" in disposition
    )
    rows = rows_of(response)
    assert list(rows[0]) == ["id", *ATTRIBUTES]
    assert [r["id"] for r in rows] == [item["id"], empty["id"]]
    first = rows[0]
    assert first["Name"] == "Park Güell"
    assert first["Notes"] == "Buy tickets"
    assert first["Done"] == "true"
    assert first["Tags"] == "Research, design, Cheap"
    assert first["Cost"] == "100000000000000000000"
    assert first["Stars"] == "4.5"
    assert first["Due"] == "2024-05-25T08:00:00.000000Z"
    assert first["Links"] == "Site <https://parkguell.barcelona/>\nhttps://example.com/x"
    assert first["Steps"] == "[x] Book\n[ ] Go"
    assert first["People"] == "Ben Ode, Ana Lima"
    assert first["Votes"] == "Ana Lima"
    assert first["Author"] == owner.name
    assert first["Created"] == item["created_at"]
    second = rows[1]
    assert second["Done"] == "false" and second["Tags"] == "" and second["Cost"] == "" and second["Due"] == ""


async def test_export_through_a_view_applies_its_filter_and_sort(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await csv_board(client, app, owner)
    for name, cost in (("A", 5), ("B", 50), ("C", 20), ("D", None)):
        await add_item(client, board, {"Name": name} | ({"Cost": cost} if cost is not None else {}))
    settings = {
        "filter": {
            "combinator": "AND",
            "conditions": [{"attributeId": board.attr("Cost"), "operator": "gt", "value": 10}],
        },
        "sort": {"conditions": [{"attributeId": board.attr("Cost"), "settings": {"direction": "desc"}}]},
    }
    body = {"name": "Pricey", "type": "table", "folder_id": board.folder_id, "settings": settings}
    view = await client.post(board.url("/views"), json=body, headers=owner.headers)
    assert view.status_code == 201, view.text

    rows = rows_of(await export(client, board, view=view.json()["id"]))
    assert [(r["Name"], r["Cost"]) for r in rows] == [("B", "50"), ("C", "20")]
    assert [r["Name"] for r in rows_of(await export(client, board))] == ["A", "B", "C", "D"]


async def test_export_refusals_are_json(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    board = await csv_board(client, app, owner)
    missing = await export(client, board, view="no-such-view")
    assert missing.status_code == 404
    assert missing.json() == {"message": "View not found.", "code": "general/not-found"}
    other = await client.get(owner.ws("/boards/nope/items.csv"), headers=owner.headers)
    assert other.status_code == 404 and other.json()["code"] == "general/not-found"
    anonymous = await client.get(board.url("/items.csv"))
    assert anonymous.status_code == 401


async def test_export_accepts_a_csv_accept_header_and_an_empty_board(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await csv_board(client, app, owner)
    response = await client.get(board.url("/items.csv"), headers={**owner.headers, "Accept": "text/csv"})
    assert response.status_code == 200
    assert response.content == ("\ufeffid," + ",".join(ATTRIBUTES) + "\r\n").encode()


async def test_export_streams_page_by_page(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    """Pages of the keyset walk are chunks of the body: header, then one chunk per page."""
    board = await csv_board(client, app, owner)
    made = [await add_item(client, board, {"Name": f"Item {n}"}) for n in range(5)]
    async with app.state.db.transaction(write=False) as session:
        ctx = await _board_ctx(session, app, owner, board.board_id)
        prepared = await csv_export.prepare_export(session, ctx, view_id=None)
    chunks = [chunk async for chunk in csv_export.stream(app.state.db, prepared, page_size=2)]
    assert len(chunks) == 1 + 3
    lines = b"".join(chunks).decode().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == [m["id"] for m in made]
