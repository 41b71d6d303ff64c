"""POST …/items/import: rows become items through the items service; all or nothing; dry runs."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI

from tests.boardcsv.csv_world import (
    LABELS,
    CsvBoard,
    csv_board,
    import_csv,
    item_count,
    items_of,
    outbox_count,
)
from tests.factories import Account
from tests.items.test_events import outbox


def values_by_name(board: CsvBoard, item: dict[str, Any]) -> dict[str, Any]:
    names = {attribute_id: name for name, attribute_id in board.attributes.items()}
    return {names[v["attribute_id"]]: v["data"] for v in item["values"] if v["attribute_id"] in names}


GOOD = (
    "Name,Cost,Due,Tags,People,Done,Steps\n"
    'Park Güell,12.5,2024-05-25,"Research, design, cheap","Ana Lima, ben@EXAMPLE",yes,"[x] Book\n[ ] Go"\n'
    "Sagrada Família,-3,,,,,\n"
)


async def _board(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> CsvBoard:
    board = await csv_board(client, app, owner)
    return board


async def test_import_creates_items_like_the_api(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    ben = board.members["ben"]
    content = GOOD.replace("ben@EXAMPLE", ben.email.upper())
    response = await import_csv(client, board, content)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["object"] == "import" and report["dry_run"] is False
    assert (report["rows"], report["created"], report["updated"], report["error_count"]) == (2, 2, 0, 0)
    assert [c["column"] for c in report["columns"]] == [
        "Name",
        "Cost",
        "Due",
        "Tags",
        "People",
        "Done",
        "Steps",
    ]
    items = await items_of(client, board)
    assert [i["id"] for i in items] == report["item_ids"]
    first = values_by_name(board, items[0])
    assert first["Name"] == "Park Güell" and first["Cost"] == 12.5 and first["Due"] == "2024-05-25"
    assert first["Tags"] == [LABELS[1]["id"], LABELS[0]["id"]]
    assert first["People"] == [board.members["ana"].user_id, ben.user_id]
    assert first["Done"] is True
    assert [(s["name"], s["done"]) for s in first["Steps"]] == [("Book", True), ("Go", False)]
    second = values_by_name(board, items[1])
    assert second["Name"] == "Sagrada Família" and second["Cost"] == -3 and "Due" not in second
    # The same events as a POST …/items would record.
    events = [name for name, _ in await outbox(app, items[0]["id"])]
    assert events[0] == "item.created" and events[-1] == "item.finalized"
    assert events.count("value.created") == 7


async def test_dry_run_reports_and_writes_nothing(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    before = await outbox_count(app, board.board_id)
    content = "Name,Tags\nOne,Cheap\nTwo,Brand new\nThree,twelve\n"
    response = await import_csv(client, board, content, dry_run="true", create_labels="true")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["dry_run"] is True and report["created"] == 3 and report["error_count"] == 0
    assert [label["name"] for label in report["new_labels"]] == ["Brand new", "twelve"]
    assert report["item_ids"] == []
    assert await item_count(app, board.board_id) == 0
    assert await outbox_count(app, board.board_id) == before
    attribute = await client.get(board.url(f"/attributes/{board.attr('Tags')}"), headers=owner.headers)
    assert [label["name"] for label in attribute.json()["settings"]["labels"]] == [
        "Cheap",
        "Research, design",
    ]

    bad = await import_csv(client, board, "Name,Cost\nOne,1\nTwo,lots\n", dry_run="true")
    assert bad.status_code == 200
    assert bad.json()["errors"] == [{"row": 3, "column": "Cost", "message": '"lots" must be a number.'}]
    assert await item_count(app, board.board_id) == 0


async def test_new_labels_are_created_when_allowed(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    refused = await import_csv(client, board, "Name,Tags\nOne,Pricey\n")
    assert refused.status_code == 422
    assert refused.json()["report"]["errors"] == [
        {"row": 2, "column": "Tags", "message": '"Pricey" names a label that does not exist: "Pricey".'}
    ]
    created = await import_csv(
        client, board, 'Name,Tags\nOne,Pricey\nTwo,"pricey, Cheap"\n', create_labels="true"
    )
    assert created.status_code == 200, created.text
    assert [label["name"] for label in created.json()["new_labels"]] == ["Pricey"]
    attribute = await client.get(board.url(f"/attributes/{board.attr('Tags')}"), headers=owner.headers)
    labels = {label["name"]: label["id"] for label in attribute.json()["settings"]["labels"]}
    items = await items_of(client, board)
    assert values_by_name(board, items[0])["Tags"] == [labels["Pricey"]]
    assert values_by_name(board, items[1])["Tags"] == [labels["Pricey"], labels["Cheap"]]


async def test_mapping_renames_and_skips_columns(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    content = "Title,Price,Remarks\nOne,3,ignore me\n"
    mapping = orjson.dumps({"Title": "name", "Price": board.attr("Cost"), "Remarks": None}).decode()
    response = await import_csv(client, board, content, mapping=mapping)
    assert response.status_code == 200, response.text
    assert response.json()["ignored_columns"] == [{"column": "Remarks", "reason": "Mapped to nothing."}]
    [item] = await items_of(client, board)
    written = {k: v for k, v in values_by_name(board, item).items() if k not in ("Created", "Author")}
    assert written == {"Name": "One", "Cost": 3}


async def test_semicolons_bom_and_other_folder(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    folder = await client.post(board.url("/folders"), json={"name": "Later"}, headers=owner.headers)
    content = "\ufeffName;Cost\nOne;1\n".encode()
    response = await import_csv(client, board, content, folder_id=folder.json()["id"])
    assert response.status_code == 200, response.text
    [item] = await items_of(client, board)
    assert item["folder_id"] == folder.json()["id"] and values_by_name(board, item)["Cost"] == 1


def _errors(response: httpx.Response) -> list[dict[str, Any]]:
    body = response.json()
    assert body["code"] == "items/csv-import-failed", body
    errors: list[dict[str, Any]] = body["report"]["errors"]
    return errors


async def test_one_bad_row_imports_nothing_and_every_problem_is_listed(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    before = await outbox_count(app, board.board_id)
    content = (
        "Name,Cost,Due,Tags,People,Email,Stars\n"
        "Fine,1,2024-01-01,Cheap,Ana Lima,a@example.com,3\n"
        "Bad number,1O,,,,,\n"
        "Bad date,,31/12/2024,,,,\n"
        "Bad label,,,Nope,,,\n"
        "Bad member,,,,Zoe Nobody,,\n"
        "Bad email,,,,,not-an-email,\n"
        "Too many stars,,,,,,9\n"
    )
    response = await import_csv(client, board, content)
    assert response.status_code == 422
    assert response.json()["message"].startswith("Nothing was imported: the file has 6 errors.")
    assert [(e["row"], e["column"]) for e in _errors(response)] == [
        (3, "Cost"), (4, "Due"), (5, "Tags"), (6, "People"), (7, "Email"), (8, "Stars"),
    ]  # fmt: skip
    messages = [e["message"] for e in _errors(response)]
    assert messages[0] == '"1O" must be a number.'
    assert "must be a date like 2024-05-25" in messages[1]
    assert messages[3] == '"Zoe Nobody" names someone who is not a member of the workspace: "Zoe Nobody".'
    assert messages[4] == "must be a valid email address."
    assert messages[5] == "must be between 0 and 5."
    assert await item_count(app, board.board_id) == 0
    assert await outbox_count(app, board.board_id) == before


async def test_unknown_and_ambiguous_columns(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    board = await _board(client, app, owner)
    response = await import_csv(client, board, "Name,Colour,Name\nOne,red,Two\n")
    assert response.status_code == 422
    assert [(e["row"], e["column"]) for e in _errors(response)] == [(1, "Colour"), (1, "Name")]
    assert "matches no attribute of the board" in _errors(response)[0]["message"]
    bad_map = await import_csv(client, board, "Name\nOne\n", mapping='{"Nope": "Name"}')
    assert bad_map.status_code == 422 and "does not have" in _errors(bad_map)[0]["message"]
    not_json = await import_csv(client, board, "Name\nOne\n", mapping="{nope")
    assert not_json.status_code == 422 and not_json.json()["errors"] == {
        "mapping": ["The mapping field must be a valid JSON string."]
    }
    extra = await import_csv(client, board, "Name\nOne,two\n")
    assert extra.status_code == 422 and _errors(extra)[0]["message"].startswith("The row has more cells")
    assert await item_count(app, board.board_id) == 0


async def test_read_only_columns_of_an_export_are_skipped(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    response = await import_csv(client, board, "id,Name,Created,Author\nabc,One,2024-01-01,Someone\n")
    assert response.status_code == 200, response.text
    assert [c["column"] for c in response.json()["ignored_columns"]] == ["id", "Created", "Author"]
    assert await item_count(app, board.board_id) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n\n", "The file is empty."),
        (b"Name,Cost\n", "The file has no rows below its header."),
        ("Name\nCaf\u00e9\n".encode("latin-1"), "The file is not UTF-8 text (byte 9 is not valid UTF-8)"),
        (b"Name\nA\x00B\n", "The file must not contain NUL characters."),
    ],
)
async def test_unreadable_files(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, content: bytes, message: str
) -> None:
    board = await _board(client, app, owner)
    response = await import_csv(client, board, content)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "items/csv-file-invalid" and body["message"].startswith(message)
    assert await item_count(app, board.board_id) == 0


async def test_size_and_row_caps(
    make_client: Any, app: FastAPI, owner: Account, client: httpx.AsyncClient
) -> None:
    board = await _board(client, app, owner)
    small = await make_client(csv_import_max_bytes=64, csv_import_max_rows=2)
    too_big = await import_csv(small, board, "Name\n" + "x" * 100 + "\n")
    assert too_big.status_code == 413
    assert too_big.json() == {
        "message": "The file is larger than 64 bytes: split it into several files.",
        "code": "general/payload-too-large",
    }
    too_many = await import_csv(small, board, "Name\n1\n2\n3\n")
    assert too_many.status_code == 422
    assert too_many.json()["message"].startswith("The file must not have more than 2 rows")
    missing = await small.post(board.url("/items/import"), data={"dry_run": "true"}, headers=owner.headers)
    assert missing.status_code == 422
    assert await item_count(app, board.board_id) == 0


async def test_a_match_column_makes_a_reimport_update(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    board = await _board(client, app, owner)
    folder = await client.post(board.url("/folders"), json={"name": "Moved here?"}, headers=owner.headers)
    first = await import_csv(client, board, "Name,Cost,Email\nOne,1,a@example.com\nTwo,2,b@example.com\n")
    assert first.status_code == 200 and first.json()["created"] == 2
    ids = first.json()["item_ids"]

    content = "Email,Cost,Name\nB@example.com,20,Two bis\na@example.com,,One\nc@example.com,30,Three\n"
    dry = await import_csv(client, board, content, match="email", dry_run="true")
    assert (dry.json()["created"], dry.json()["updated"]) == (1, 2)
    again = await import_csv(client, board, content, match=board.attr("Email"), folder_id=folder.json()["id"])
    assert again.status_code == 200, again.text
    report = again.json()
    assert (report["created"], report["updated"]) == (1, 2)
    assert report["item_ids"][:2] == [ids[1], ids[0]]
    items = await items_of(client, board)
    assert len(items) == 3
    by_email = {values_by_name(board, i)["Email"].lower(): (i, values_by_name(board, i)) for i in items}
    assert by_email["b@example.com"][1]["Cost"] == 20 and by_email["b@example.com"][1]["Name"] == "Two bis"
    # An empty cell clears the value of an updated item.
    assert by_email["a@example.com"][1].get("Cost") is None
    # Updated items stay where they were; only the new one goes to the folder asked for.
    assert by_email["a@example.com"][0]["folder_id"] == board.folder_id
    assert by_email["c@example.com"][0]["folder_id"] == folder.json()["id"]
    events = [name for name, _ in await outbox(app, ids[0])]
    assert events.count("item.updated") == 1


async def test_match_problems_are_row_errors(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    board = await _board(client, app, owner)
    assert (await import_csv(client, board, "Name,Cost\nSame,1\nSame,2\n")).status_code == 200
    response = await import_csv(client, board, "Name,Cost\nSame,3\n,4\n", match="Name")
    assert response.status_code == 422
    errors = _errors(response)
    assert [(e["row"], e["column"]) for e in errors] == [(2, "Name"), (3, "Name")]
    assert errors[0]["message"].startswith("2 items have this value")
    assert "required" in errors[1]["message"]
    not_a_column = await import_csv(client, board, "Name\nX\n", match="Cost")
    assert _errors(not_a_column)[0]["message"] == 'The match attribute "Cost" is not a column of the file.'
    wrong_type = await import_csv(client, board, "Name,Done\nX,true\n", match="Done")
    assert "must be a text, number, e-mail or phone attribute" in _errors(wrong_type)[0]["message"]
    assert await item_count(app, board.board_id) == 2
