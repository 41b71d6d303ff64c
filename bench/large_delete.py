"""What a large folder delete costs other writers (issue 20 #10, docs/hardening.md): a folder of N
items (100,000 by default) on SQLite, deleted through the API in process. Prints the time of the
DELETE request (the write lock it holds), the number and the longest of the background batches,
and the slowest create on another board made while the batches run.

    PYTHONPATH=src:. python bench/large_delete.py [N]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import insert
from tests import factories, factories_items

from openinfinity.app import create_app
from openinfinity.core.config import Settings
from openinfinity.core.migrate import upgrade
from openinfinity.core.models import utcnow
from openinfinity.items import purge
from openinfinity.items.models import Item, Value


async def _load(app: object, setup: factories_items.BoardSetup, owner: factories.Account, n: int) -> None:
    now = utcnow()
    db = app.state.db  # type: ignore[attr-defined]
    name = setup.attr("Name")
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
                "attribute_id": name,
                "data": f"item {k}",
                "text_key": f"item {k}",
                "search_text": f"item {k}",
                "created_at": now,
                "updated_at": now,
            }
            for k, row in enumerate(items)
        ]
        async with db.transaction() as session:
            await session.execute(insert(Item), items)
            await session.execute(insert(Value), values)


async def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        app = create_app(Settings(database_url=url, rate_limit="1000000/minute", storage_dir=Path(tmp)))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as http:
            owner = await factories.account(app)
            setup = await factories_items.board_setup(app, owner)
            other = await factories_items.board_setup(app, owner, name="Other")
            await _load(app, setup, owner, n)
            started = time.perf_counter()
            deleted = await http.delete(setup.url(f"/folders/{setup.folder_id}"), headers=setup.headers)
            request = time.perf_counter() - started
            assert deleted.status_code == 200, deleted.text
            batches, longest, slowest_write = 0, 0.0, 0.0
            purge_started = time.perf_counter()
            while True:
                started = time.perf_counter()
                done = await purge.run_batch(app.state.db)
                longest = max(longest, time.perf_counter() - started)
                if not done and not await purge.pending(app.state.db):
                    break
                batches += 1
                if batches % 10 == 0:  # a writer on another board, between batches
                    started = time.perf_counter()
                    created = await http.post(
                        other.url("/items"), json={"folder_id": other.folder_id}, headers=other.headers
                    )
                    assert created.status_code == 201, created.text
                    slowest_write = max(slowest_write, time.perf_counter() - started)
            total = time.perf_counter() - purge_started
        await app.state.db.dispose()
    print(
        f"N={n}: DELETE answered in {request:.2f} s; {batches} background batches of {purge.BATCH} "
        f"in {total:.1f} s, longest {longest * 1000:.0f} ms; slowest create on another board "
        f"between batches {slowest_write * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
