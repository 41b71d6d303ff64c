"""PostgreSQL data for the benchmark: a fresh database per board size, rows loaded with COPY."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from datetime import datetime, timedelta

import asyncpg

from bench import items


def fresh_database(server_url: str, n: int) -> tuple[str, str]:
    """(SQLAlchemy URL, plain URL) of a new, empty database `openinfinity_bench_<n>`."""
    base = server_url.replace("postgresql+asyncpg://", "postgresql://").rsplit("/", 1)[0]
    name = f"openinfinity_bench_{n}"

    async def create() -> None:
        conn = await asyncpg.connect(f"{base}/postgres")
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    plain = f"{base}/{name}"
    return plain.replace("postgresql://", "postgresql+asyncpg://", 1), plain


def bulk(
    url: str, n: int, board_id: str, folder_id: str, attributes: dict[str, str], user_id: int
) -> list[tuple[str, datetime]]:
    return asyncio.run(_bulk(url, n, board_id, folder_id, attributes, user_id))


async def _bulk(
    url: str, n: int, board_id: str, folder_id: str, attributes: dict[str, str], user_id: int
) -> list[tuple[str, datetime]]:
    rng = random.Random(42)
    item_ids = sorted(str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n))
    value_prefix = rng.getrandbits(64) << 64
    start = datetime(2020, 11, 26, 13, 57, 11)
    sample: list[tuple[str, datetime]] = []
    conn = await asyncpg.connect(url)
    try:
        counter = 0
        for offset in range(0, n, 50000):
            rows_items, rows_values, rows_docs = [], [], []
            for i in range(offset, min(n, offset + 50000)):
                item_id, created = item_ids[i], start + timedelta(milliseconds=i)
                rows_items.append(
                    (item_id, board_id, folder_id, float((i + 1) * 65536), user_id, created, created)
                )
                name = f"Task {i} {items.WORDS[i % len(items.WORDS)]}"
                name += (" urgent" if i % 50 == 0 else "") + (" quokka" if i % 200000 == 7 else "")
                notes = f"Notes for task {i}: pack the suitcase and check the calendar"
                cost = float(i % 997)
                for attr, data, text in (
                    ("Name", name, name),
                    ("Notes", notes, notes),
                    ("Done", i % 2 == 0, None),
                    ("Cost", cost, str(cost)),
                    ("Price", [items.LABELS[i % 4]], None),
                ):
                    counter += 1
                    value_id = str(uuid.UUID(int=value_prefix | counter))
                    number = cost if attr == "Cost" else (float(i % 2 == 0) if attr == "Done" else None)
                    key = text.lower()[:255] if attr in ("Name", "Notes") and text else None
                    rows_values.append(
                        (
                            value_id,
                            item_id,
                            attributes[attr],
                            json.dumps(data),
                            text,
                            number,
                            key,
                            created,
                            created,
                        )
                    )
                rows_docs.append((item_id, board_id, f"{name}\n{notes}", str(cost)))
                if i % max(1, n // 2000) == 0:
                    sample.append((item_id, created))
            async with conn.transaction():
                await conn.copy_records_to_table(
                    "items",
                    records=rows_items,
                    columns=[
                        "id",
                        "board_id",
                        "folder_id",
                        "sort_order",
                        "created_by",
                        "created_at",
                        "updated_at",
                    ],
                )
                await conn.copy_records_to_table(
                    "item_values",
                    records=rows_values,
                    columns=[
                        "id",
                        "item_id",
                        "attribute_id",
                        "data",
                        "search_text",
                        "number_key",
                        "text_key",
                        "created_at",
                        "updated_at",
                    ],
                )
                await conn.copy_records_to_table(
                    "item_search_docs",
                    records=rows_docs,
                    columns=["item_id", "board_id", "primary_text", "other_text"],
                )
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return sample
