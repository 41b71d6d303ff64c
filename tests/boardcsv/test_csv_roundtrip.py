"""CSV export of a board, imported into another board, gives the same items, value by value."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests.boardcsv.csv_world import LABELS, add_item, csv_board, export, import_csv, items_of, rows_of
from tests.boardcsv.test_csv_import import values_by_name
from tests.factories import Account

# Values whose cell does not carry everything: entry ids are new, rich text keeps its text.
_ENTRY_LISTS = ("Links", "Steps")
_COMPUTED = ("Created", "Author")


def comparable(name: str, data: Any) -> Any:
    if name in _ENTRY_LISTS:
        return [{k: v for k, v in entry.items() if k != "id"} for entry in data]
    return data


async def test_export_then_import_into_another_board_keeps_every_value(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    source = await csv_board(client, app, owner)
    ana, ben = source.members["ana"].user_id, source.members["ben"].user_id
    samples: list[dict[str, Any]] = [
        {
            "Name": 'Quotes "and", commas',
            "Notes": "Line one &amp; more",
            "Done": True,
            "Tags": [LABELS[1]["id"], LABELS[0]["id"]],
            "Cost": 0.1,
            "Stars": 4.5,
            "Progress": 100,
            "Due": "2024-02-29",
            "Email": "hello@example.com",
            "Phone": "+1 206 555 0100",
            "Links": ["https://example.com/a?x=1,2", {"url": "https://example.com/b", "name": "B <docs>"}],
            "Steps": [{"name": "[ ] looks like a box", "done": True}, {"name": "Go", "done": False}],
            "People": [ben, ana],
            "Votes": [ana],
        },
        {"Name": "Ünïcødé 🚀\nsecond line", "Cost": -12345678901, "Due": "2024-05-25T10:30:00.000000Z"},
        {"Name": '=HYPERLINK("http://x")', "Done": False, "Tags": [LABELS[0]["id"]], "Cost": 1e-7},
        {},
    ]
    for values in samples:
        await add_item(client, source, values)

    exported = await export(client, source)
    assert exported.status_code == 200
    # A value that a spreadsheet would run as a formula is written as text (leading apostrophe).
    assert rows_of(exported)[2]["Name"] == '\'=HYPERLINK("http://x")'
    target = await csv_board(client, app, owner, members=source.members)
    imported = await import_csv(client, target, exported.content)
    assert imported.status_code == 200, imported.text
    assert imported.json()["created"] == len(samples)

    before, after = await items_of(client, source), await items_of(client, target)
    assert len(before) == len(after) == len(samples)
    for original, copy in zip(before, after, strict=True):
        old = {k: v for k, v in values_by_name(source, original).items() if k not in _COMPUTED}
        new = {k: v for k, v in values_by_name(target, copy).items() if k not in _COMPUTED}
        # An unchecked checkbox is written as "false": the copy stores what the original implied.
        if "Done" not in old:
            old["Done"] = new.get("Done", False)
        assert {k: comparable(k, v) for k, v in new.items() if v not in ("", [], None)} == {
            k: comparable(k, v) for k, v in old.items() if v not in ("", [], None)
        }
    # What a person sees is the same too (apart from ids and creation times).
    again = rows_of(await export(client, target))
    first = rows_of(exported)
    for row in [*again, *first]:
        del row["id"], row["Created"]
    assert again == first
