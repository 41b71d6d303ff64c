"""SQLite search documents are keyed in list order, so a `q` page is read from the FTS index in
order and stops after one page (no sort of every hit), and older databases are renumbered by the
0008 migration."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import event, select

from openinfinity.core.migrate import upgrade
from openinfinity.items.search import ItemSearchDoc, search_key
from tests.factories import Account
from tests.factories_items import board_setup, create_item


def test_search_keys_order_like_the_list() -> None:
    t = datetime(2026, 11, 23, 12, 0, 0, 500)
    ordered = [
        (t - timedelta(days=3650), "ffff"),
        (t, "0aaa"),
        (t, "9zzz"),
        (t, "a000"),
        (t + timedelta(microseconds=1), "0000"),
        (t + timedelta(days=1), "x"),
    ]
    keys = [search_key(created, item_id) for created, item_id in ordered]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    # Dates far outside the key's range clamp instead of overflowing a 64-bit rowid.
    assert -(2**63) < search_key(datetime(1, 1, 1), "a") < search_key(datetime(9999, 1, 1), "a") < 2**63


async def test_a_search_page_reads_the_index_in_order(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    made = [await create_item(client, setup, values={"Name": f"streamed {n}"}) for n in range(5)]
    sqlite = app.state.db.engine.dialect.name == "sqlite"
    async with app.state.db.transaction(write=False) as session:
        stmt = select(ItemSearchDoc.item_id, ItemSearchDoc.id)
        rows = await session.execute(stmt.where(ItemSearchDoc.item_id.in_([m["id"] for m in made])))
        docs = {item_id: doc_id for item_id, doc_id in rows}
    if sqlite:
        assert [docs[m["id"]] for m in made] == sorted(docs.values())  # keys follow creation
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    event.listen(app.state.db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        response = await client.get(
            setup.url("/items"), params={"q": "streamed", "limit": 2}, headers=setup.headers
        )
    finally:
        event.remove(app.state.db.engine.sync_engine, "before_cursor_execute", seen)
    assert [i["id"] for i in response.json()["data"]] == [made[4]["id"], made[3]["id"]]
    if not sqlite:
        return  # PostgreSQL pages a search by keyset over the matches (GIN has no order)
    [page_sql] = [s for s in statements if "item_search_fts MATCH" in s]
    path = app.state.db.engine.url.database
    with sqlite3.connect(path) as raw:
        plan = raw.execute(f"EXPLAIN QUERY PLAN {page_sql}", ["x"] * page_sql.count("?")).fetchall()
    steps = " | ".join(str(row[-1]) for row in plan)
    assert "TEMP B-TREE" not in steps, steps  # no sort: the index hands hits over in order
    assert steps.startswith("SCAN item_search_fts"), steps


def test_migration_0008_renumbers_existing_documents(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    upgrade(f"sqlite+aiosqlite:///{path}", "0003")
    items = [("item-b", "2024-05-06 07:08:09.123456"), ("item-a", "2025-01-02 03:04:05.000001")]
    with sqlite3.connect(path) as raw:  # foreign keys off: the items need no board here
        for n, (item_id, created) in enumerate(items, start=1):
            raw.execute(
                "INSERT INTO items (id, board_id, folder_id, sort_order, created_at, updated_at)"
                " VALUES (?, 'b', 'f', 1, ?, ?)",
                (item_id, created, created),
            )
            raw.execute(
                "INSERT INTO item_search_docs (id, item_id, board_id, primary_text, other_text)"
                " VALUES (?, ?, 'b', ?, '')",
                (n, item_id, f"wombat {n}"),
            )
    upgrade(f"sqlite+aiosqlite:///{path}")
    with sqlite3.connect(path) as raw:
        ids = dict(raw.execute("SELECT item_id, id FROM item_search_docs").fetchall())
        hits = raw.execute(
            "SELECT d.item_id FROM item_search_fts f JOIN item_search_docs d ON d.id = f.rowid"
            " WHERE item_search_fts MATCH 'wombat' ORDER BY f.rowid DESC"
        ).fetchall()
        assert raw.execute("INSERT INTO item_search_fts(item_search_fts) VALUES ('integrity-check')")
    assert ids == {item_id: search_key(datetime.fromisoformat(c), item_id) for item_id, c in items}
    assert [h[0] for h in hits] == ["item-a", "item-b"]  # newest first, found through the new ids
