"""Search documents are keyed in list order, so a `q` page is read from the index in order and
stops after one page (no sort of every hit), and older databases are renumbered by the 0008
(SQLite) and 0009 (PostgreSQL) migrations."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, select

from openinfinity.core.migrate import upgrade
from openinfinity.items import search_walks
from openinfinity.items.search import ItemSearchDoc, search_key
from tests.conftest import POSTGRES_URL
from tests.databases import create_postgres_database, drop_postgres_database
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
    page = response.json()
    assert [i["id"] for i in page["data"]] == [made[4]["id"], made[3]["id"]]
    following = await client.get(
        setup.url("/items"),
        params={"q": "streamed", "limit": 2, "after": page["after"]},
        headers=setup.headers,
    )
    assert [i["id"] for i in following.json()["data"]] == [made[2]["id"], made[1]["id"]]
    if not sqlite:
        # A window of the board's documents walked by key from the cursor (the (board_id, id)
        # index), the query tested on each: a page of a common word needs nothing more.
        [window_sql] = [s for s in statements if "to_tsquery" in s]
        assert "WHERE item_search_docs.board_id = " in window_sql
        assert "ORDER BY item_search_docs.id DESC" in window_sql and "LIMIT" in window_sql
        return
    [page_sql] = [s for s in statements if "item_search_fts MATCH" in s]
    path = app.state.db.engine.url.database
    with sqlite3.connect(path) as raw:
        plan = raw.execute(f"EXPLAIN QUERY PLAN {page_sql}", ["x"] * page_sql.count("?")).fetchall()
    steps = " | ".join(str(row[-1]) for row in plan)
    assert "TEMP B-TREE" not in steps, steps  # no sort: the index hands hits over in order
    assert steps.startswith("SCAN item_search_fts"), steps


async def _walk(client: httpx.AsyncClient, setup: Any, q: str, direction: str = "after") -> list[str]:
    """Every match of `q`, two per page, following `after` (or from the oldest, `before`)."""
    seen: list[str] = []
    params: dict[str, Any] = {"q": q, "limit": 2}
    if direction == "before":
        params["sort_direction"] = "asc"
    while True:
        page = (await client.get(setup.url("/items"), params=params, headers=setup.headers)).json()
        seen += [i["id"] for i in page["data"]]
        if not page["has_more"]:
            return seen
        params["after"] = page["after"]


async def test_search_pages_do_not_depend_on_the_window(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL reads a page from a window of the next documents when the word is dense there,
    else from a wider window (a common word) or from all its hits (a rare one): the same pages
    whichever way (search_walks.py)."""
    monkeypatch.setattr(search_walks, "WINDOW", 3)
    setup = await board_setup(app, owner)
    names = [f"walrus {n}" + (" elder" if n < 4 else "") for n in range(9)]
    made = [(await create_item(client, setup, values={"Name": name}))["id"] for name in names]
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement)

    def searches() -> list[str]:
        found = [s for s in statements if "to_tsquery" in s]
        statements.clear()
        return found

    event.listen(app.state.db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        dense = await _walk(client, setup, "walrus")
        dense_statements = searches()
        sparse = await _walk(client, setup, "elder")  # only in the 4 oldest: outside the window
        rare_statements = searches()
        monkeypatch.setattr(search_walks, "PROBE", 2)  # 4 hits now make "elder" a common word
        common = await _walk(client, setup, "elder")
        common_statements = searches()
        oldest_first = await _walk(client, setup, "walrus", "before")
        monkeypatch.setattr(search_walks, "WINDOW", 50)  # the whole board fits in a window
        searches()
        small = await client.get(setup.url("/items"), params={"q": "elder"}, headers=setup.headers)
        small_board_statements = searches()
    finally:
        event.remove(app.state.db.engine.sync_engine, "before_cursor_execute", seen)
    assert dense == made[::-1]
    assert sparse == common == made[3::-1]
    assert oldest_first == made
    assert [i["id"] for i in small.json()["data"]] == made[3::-1]
    if app.state.db.engine.dialect.name == "postgresql":
        # 5 pages of "walrus", each from its window (the last window reaches the board's end);
        # then tier 1: its window (no hit) and the count of its hits (none: nothing more to read).
        assert len(dense_statements) == 5 + 2
        assert any("OFFSET" in s for s in rare_statements)  # rare "elder": every hit, sorted

        def wide(statement: str) -> bool:  # a window of documents, not counted
            return "nearest" in statement and "OVER" not in statement

        assert not any(wide(s) for s in rare_statements)
        assert any(wide(s) for s in common_statements)  # common "elder": the wide window
        # Tier 0's window held the whole board: tier 1 went to the GIN index straight away.
        assert len(small_board_statements) == 2


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


@pytest.mark.skipif(
    not POSTGRES_URL, reason="PostgreSQL tests need OPENINFINITY_TEST_POSTGRES_URL (CI sets it)"
)
async def test_migration_0009_renumbers_postgres_documents() -> None:
    url = await create_postgres_database()
    plain = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    items = [("item-b", datetime(2024, 5, 6, 7, 8, 9, 123456)), ("item-a", datetime(2025, 1, 2, 3, 4, 5, 1))]
    try:
        await asyncio.to_thread(upgrade, url, "0008")
        conn = await asyncpg.connect(plain)
        try:
            await conn.execute("SET session_replication_role = replica")  # no board for the items
            for item_id, created in items:
                await conn.execute(
                    "INSERT INTO items (id, board_id, folder_id, sort_order, created_at, updated_at)"
                    " VALUES ($1, 'b', 'f', 1, $2, $2)",
                    item_id,
                    created,
                )
                await conn.execute(  # the sequence numbers them 1, 2
                    "INSERT INTO item_search_docs (item_id, board_id, primary_text)"
                    " VALUES ($1, 'b', 'wombat')",
                    item_id,
                )
            await asyncio.to_thread(upgrade, url)
            ids = dict(await conn.fetch("SELECT item_id, id FROM item_search_docs"))
            indexes = {r[0] for r in await conn.fetch("SELECT indexname FROM pg_indexes")}
        finally:
            await conn.close()
    finally:
        await drop_postgres_database(url)
    assert ids == {item_id: search_key(created, item_id) for item_id, created in items}
    assert "ix_item_search_docs_board_key" in indexes
