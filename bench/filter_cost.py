"""The worst filters the cost limit still allows (issue 20 #2, docs/hardening.md), on a board of N
items (100,000 by default) with a 1 KB text each, in process on SQLite (or the PostgreSQL server
named by OPENINFINITY_BENCH_DATABASE_URL), under the default query time budget. Prints each
filter's status and time: a filter past the budget answers 503 at the budget, never later.

    PYTHONPATH=src:. python bench/filter_cost.py [N]
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import insert
from tests import factories, factories_items

from openinfinity.app import create_app
from openinfinity.core.config import Settings
from openinfinity.core.migrate import upgrade
from openinfinity.core.models import utcnow
from openinfinity.items.models import Item, Value

TEXT = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor " * 12


async def _load(app: Any, setup: factories_items.BoardSetup, owner: factories.Account, n: int) -> None:
    now = utcnow()
    notes = setup.attr("Notes")
    for start in range(0, n, 5000):
        items = [
            {
                "id": str(uuid.uuid4()),
                "board_id": setup.board_id,
                "folder_id": setup.folder_id,
                "sort_order": float(start + k),
                "created_by": owner.user_id,
                "created_at": now,
                "updated_at": now,
            }
            for k in range(min(5000, n - start))
        ]
        values = [
            {
                "id": str(uuid.uuid4()),
                "item_id": row["id"],
                "attribute_id": notes,
                "data": f"{TEXT} {k}",
                "text_key": f"{TEXT} {k}"[:255],
                "search_text": f"{TEXT} {k}",
                "created_at": now,
                "updated_at": now,
            }
            for k, row in enumerate(items)
        ]
        async with app.state.db.transaction() as session:
            await session.execute(insert(Item), items)
            await session.execute(insert(Value), values)


def _filters(setup: factories_items.BoardSetup) -> dict[str, dict[str, Any]]:
    notes, ref = setup.attr("Notes"), setup.attr("Ref")
    patterns = [{"attributeId": notes, "operator": "contains", "value": f"zz{n}qq"} for n in range(20)]
    return {
        "20 text contains, OR (100 units)": {"combinator": "OR", "conditions": patterns},
        "20 text not_contains, nested (100 units)": {
            "conditions": [
                {
                    "combinator": "OR",
                    "conditions": [{**p, "operator": "not_contains"} for p in patterns[:10]],
                },
                {
                    "combinator": "AND",
                    "conditions": [{**p, "operator": "not_contains"} for p in patterns[10:]],
                },
            ]
        },
        "reference in 100 item ids (100 units)": {
            "conditions": [
                {"attributeId": ref, "operator": "in", "value": [str(uuid.uuid4()) for _ in range(100)]}
            ]
        },
    }


async def _fresh_postgres(server: str) -> str:
    """A new database of its own name on the server (never one another run may be using)."""
    base = server.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)[0]
    name = f"openinfinity_filter_cost_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(f"{base}/postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{base}/{name}".replace("postgresql://", "postgresql+asyncpg://", 1)


async def _drop_postgres(url: str) -> None:
    base, name = url.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)
    conn = await asyncpg.connect(f"{base}/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def main(n: int) -> None:
    server = os.environ.get("OPENINFINITY_BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        if server:
            url = await _fresh_postgres(server)
        else:
            url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        app = create_app(Settings(database_url=url, rate_limit="1000000/minute", storage_dir=Path(tmp)))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as http:
            owner = await factories.account(app)
            setup = await factories_items.board_setup(app, owner)
            await _load(app, setup, owner, n)
            budget = app.state.settings.query_timeout
            for name, condition in _filters(setup).items():
                started = time.perf_counter()
                response = await http.get(
                    setup.url("/items"), params={"filter": json.dumps(condition)}, headers=setup.headers
                )
                took = time.perf_counter() - started
                print(f"N={n} budget={budget:g}s {name}: {response.status_code} in {took:.2f} s", flush=True)
        await app.state.db.dispose()
        if server:
            await _drop_postgres(url)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
