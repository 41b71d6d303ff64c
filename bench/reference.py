"""The benchmark's reference: the least an app can do to answer the benchmark's list / get / create /
search requests with the same JSON as openinfinity, from the same database, with the driver alone
(sqlite3 or asyncpg; no ORM, no auth, no validation, no middleware). Served like openinfinity:

    BENCH_REF_DATABASE=/path/db.sqlite BENCH_REF_USER=1 uvicorn bench.reference:app --workers 2
"""

from __future__ import annotations

import base64
import os
import re
import sqlite3
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import orjson

DATABASE = os.environ["BENCH_REF_DATABASE"]  # a SQLite path or a postgresql:// URL
USER = int(os.environ["BENCH_REF_USER"])
ROUTE = re.compile(r"^/api/v2/workspaces/[^/]+/boards/([^/]+)/items(?:/([^/]+))?$")
ITEM = "id, folder_id, parent_id, created_at, sort_order"
_db: Any = None


def ts(v: Any) -> str:
    return (v if isinstance(v, datetime) else datetime.fromisoformat(v)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def load(data: Any) -> Any:  # SQLite's JSON columns have NUMERIC affinity: numbers come back as numbers
    return orjson.loads(data) if isinstance(data, str) else data


def cursor(row: Any) -> str:
    return base64.b64encode(f"{row[0]},{ts(row[3]).replace('T', ' ')[:-1]}".encode()).decode()


async def query(sql: str, *args: Any, conn: Any = None) -> list[Any]:
    if isinstance(_db, sqlite3.Connection):
        return _db.execute(re.sub(r"\$\d+", "?", sql), args).fetchall()
    return await (conn or _db).fetch(sql, *args)


async def items_json(rows: list[Any], board: str, expand: bool) -> list[dict[str, Any]]:
    out = [
        {
            "id": r[0],
            "object": "item",
            "folder_id": r[1],
            "parent_id": r[2],
            "created_at": ts(r[3]),
            "sort_order": format(Decimal(repr(float(r[4]))), ".30f"),
        }
        for r in rows
    ]
    if expand and rows:
        attrs = {
            a[0]: {
                "id": a[0],
                "object": "attribute",
                "name": a[1],
                "type": a[2],
                "default_data": load(a[3]),
                "settings": load(a[4]) or {},
                "created_by": a[5],
                "created_at": ts(a[6]),
                "deleted": False,
            }
            for a in await query(
                "SELECT id, name, type, default_data, settings, created_by, created_at"
                " FROM attributes WHERE board_id = $1 AND deleted_at IS NULL"
                " ORDER BY created_at, id",
                board,
            )
        }
        marks = ",".join(f"${n + 1}" for n in range(len(rows)))
        values: dict[str, list[dict[str, Any]]] = {r[0]: [] for r in rows}
        order = {a: n for n, a in enumerate(attrs)}
        for v in await query(
            f"SELECT id, item_id, attribute_id, data FROM item_values WHERE item_id IN ({marks})",
            *[r[0] for r in rows],
        ):
            if v[2] in attrs:
                values[v[1]].append(
                    {
                        "id": v[0],
                        "object": "value",
                        "data": load(v[3]),
                        "attribute_id": v[2],
                        "item_id": v[1],
                        "attribute": attrs[v[2]],
                        "deleted": False,
                    }
                )
        for item in out:
            item["values"] = sorted(values[item["id"]], key=lambda v: order[v["attribute_id"]])
    for item in out:
        item["deleted"] = False
    return out


async def page(board: str, params: dict[str, list[str]]) -> dict[str, Any]:
    limit = int(params.get("limit", ["10"])[0])
    if "q" in params:
        return await search_page(board, params, limit)
    sql, args = f"SELECT {ITEM} FROM items WHERE board_id = $1 AND deleted_at IS NULL", [board]
    if "after" in params:
        item_id, created = base64.b64decode(params["after"][0]).decode().split(",")
        sql += f" AND (created_at, id) < (${len(args) + 1}, ${len(args) + 2})"
        args += [created if isinstance(_db, sqlite3.Connection) else datetime.fromisoformat(created), item_id]
    rows = await query(sql + f" ORDER BY created_at DESC, id DESC LIMIT {limit + 1}", *args)
    data = await items_json(rows[:limit], board, "values.attribute" in params.get("expand[]", []))
    ends = (cursor(rows[0]), cursor(rows[min(limit, len(rows)) - 1])) if rows else ("", "")
    return {"has_more": len(rows) > limit, "before": ends[0], "after": ends[1], "data": data}


async def search_page(board: str, params: dict[str, list[str]], limit: int) -> dict[str, Any]:
    """The hits walked in search-key order, one page and no more (every word of the benchmark's
    queries is in a text value: tier 0). SQLite: FTS5 rowid order; PostgreSQL: (board_id, id)."""
    columns = ", ".join("i." + c for c in ITEM.split(", "))
    after = int(base64.b64decode(params["after"][0]).decode()[4:]) if "after" in params else None
    live = "i.board_id = $2 AND i.deleted_at IS NULL"
    if isinstance(_db, sqlite3.Connection):
        words = " ".join(f'"{w}"*' for w in params["q"][0].split())
        sql = (
            f"SELECT {columns}, f.rowid FROM item_search_fts f JOIN item_search_docs d ON d.id = f.rowid"
            f" JOIN items i ON i.id = d.item_id WHERE item_search_fts MATCH $1 AND {live}"
            + (" AND f.rowid < $3" if after else "")
            + f" ORDER BY f.rowid DESC LIMIT {limit + 1}"
        )
        rows = await query(sql, f"primary_text : ({words})", board, *([after] if after else []))
    else:  # as openinfinity (items/search_walks.py): a window of the next documents; else the
        # hits counted (bitmap scans only), a wide window for a common word, else every hit
        words = " & ".join(f"'{w}':*A" for w in params["q"][0].split())
        docs = "SELECT id, item_id, document FROM item_search_docs WHERE board_id = $2" + (
            " AND id < $3" if after else ""
        )
        match, args = "document @@ to_tsquery('simple', $1)", [words, board, *([after] if after else [])]

        def page_of(source: str) -> str:
            return (
                f"SELECT {columns}, d.id FROM ({source}) d JOIN items i ON i.id = d.item_id"
                f" WHERE d.{match} AND {live} ORDER BY d.id DESC LIMIT {limit + 1}"
            )

        async with _db.acquire() as conn, conn.transaction():
            rows = await query(page_of(f"{docs} ORDER BY id DESC LIMIT 2000"), *args, conn=conn)
            if len(rows) <= limit:
                await conn.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
                [(hits,)] = await query(
                    f"SELECT count(*) FROM ({docs} AND {match} LIMIT 500) p", *args, conn=conn
                )
                await conn.execute("RESET enable_seqscan; RESET enable_indexscan")
                if hits >= 500:
                    rows = await query(page_of(f"{docs} ORDER BY id DESC LIMIT 50000"), *args, conn=conn)
                if hits and len(rows) <= limit:
                    rows = await query(page_of(f"{docs} AND {match} OFFSET 0"), *args, conn=conn)
    data = await items_json(rows[:limit], board, "values.attribute" in params.get("expand[]", []))
    ends = [base64.b64encode(f"q0:k{r[-1]}".encode()).decode() for r in (rows[:1] + rows[:limit][-1:])]
    return {
        "has_more": len(rows) > limit,
        "before": ends[0] if rows else "",
        "after": ends[-1] if rows else "",
        "data": data,
    }


def search_key(created: datetime, item_id: str) -> int:
    """openinfinity's search-document id: microseconds since 2020, then 12 bits of the id."""
    delta = created - datetime(2020, 1, 1)
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    head = item_id.encode()[:2]
    return (micros << 12) | (head[0] << 4) | (head[1] >> 4)


async def create(board: str, body: dict[str, Any]) -> dict[str, Any]:
    """One transaction: the item, its values and its search document."""
    if not isinstance(_db, sqlite3.Connection):
        async with _db.acquire() as conn, conn.transaction():
            return await _create(board, body, conn)
    _db.execute("BEGIN IMMEDIATE")
    try:
        answer = await _create(board, body, None)
    except BaseException:
        _db.execute("ROLLBACK")
        raise
    _db.execute("COMMIT")
    return answer


async def _create(board: str, body: dict[str, Any], conn: Any) -> dict[str, Any]:
    item_id, now, folder = str(uuid.uuid4()), datetime.utcnow(), body["folder_id"]
    stamp: Any = str(now) if isinstance(_db, sqlite3.Connection) else now
    [(top,)] = await query("SELECT max(sort_order) FROM items WHERE folder_id = $1", folder, conn=conn)
    row = (item_id, folder, None, now, (top or 0.0) + 65536)
    await query(
        "INSERT INTO items (id, board_id, folder_id, sort_order, created_by, created_at, updated_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7)",
        item_id,
        board,
        folder,
        row[4],
        USER,
        stamp,
        stamp,
        conn=conn,
    )
    for v in body["values"]:
        await query(
            "INSERT INTO item_values (id, item_id, attribute_id, data, search_text, created_at, updated_at)"
            " VALUES ($1, $2, $3, $4, $5, $6, $7)",
            str(uuid.uuid4()),
            item_id,
            v["attribute_id"],
            orjson.dumps(v["data"]).decode(),
            str(v["data"]),
            stamp,
            stamp,
            conn=conn,
        )
    texts = [str(v["data"]) for v in body["values"]]
    # The document id is the search key the streamed search walks (openinfinity does so).
    await query(
        "INSERT INTO item_search_docs (id, item_id, board_id, primary_text, other_text)"
        " VALUES ($1, $2, $3, $4, $5)",
        search_key(now, item_id),
        item_id,
        board,
        "\n".join(texts[:2]),
        "\n".join(texts[2:]),
        conn=conn,
    )
    return (await items_json([row], board, False))[0]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    global _db
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            if DATABASE.startswith("postgresql"):
                import asyncpg

                _db = await asyncpg.create_pool(DATABASE, min_size=4, max_size=8)
            else:
                _db = sqlite3.connect(DATABASE, isolation_level=None, check_same_thread=False)
                _db.execute("PRAGMA busy_timeout=30000")
            await send({"type": "lifespan.startup.complete"})
        return await send({"type": "lifespan.shutdown.complete"})
    match = ROUTE.match(scope["path"])
    body, more = b"", True
    while more:
        message = await receive()
        body, more = body + message.get("body", b""), message.get("more_body", False)
    params = parse_qs(scope["query_string"].decode())
    status, answer = 404, {"message": "Not found."}
    if match and scope["method"] == "GET" and match[2] is None:
        status, answer = 200, await page(match[1], params)
    elif match and scope["method"] == "GET":
        rows = await query(
            f"SELECT {ITEM} FROM items WHERE id = $1 AND board_id = $2 AND deleted_at IS NULL",
            match[2],
            match[1],
        )
        if rows:
            expand = "values.attribute" in params.get("expand[]", [])
            status, answer = 200, (await items_json(rows, match[1], expand))[0]
    elif match and scope["method"] == "POST":
        status, answer = 201, await create(match[1], orjson.loads(body))
    payload = orjson.dumps(answer)
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
