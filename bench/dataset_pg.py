"""PostgreSQL data for the benchmark: a database per board size, rows loaded with COPY, and fresh
copies of it (bench/dataset_cache.py keeps the loaded one)."""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import datetime, timedelta

import asyncpg

from bench import dataset_cache, items
from openinfinity.items import search


def fresh_database(server_url: str, name: str, template: str | None = None) -> tuple[str, str]:
    """(SQLAlchemy URL, plain URL) of the database `name`, made anew: empty, or a copy of `template`."""
    base = dataset_cache.server_base(server_url)

    async def create() -> None:
        conn = await asyncpg.connect(f"{base}/postgres")
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if template:
                # FILE_COPY copies the files as they are: for a large board far faster than the
                # default strategy, which writes every page through the WAL.
                await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
            else:
                await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(create())
    plain = f"{base}/{name}"
    return plain.replace("postgresql://", "postgresql+asyncpg://", 1), plain


def copy_of_cache(server_url: str, n: int) -> tuple[str, str]:
    """(SQLAlchemy URL, plain URL) of `openinfinity_bench_<n>`, a fresh copy of the cached board."""
    return fresh_database(server_url, f"openinfinity_bench_{n}", dataset_cache.cache_database(n))


def bulk(
    url: str, n: int, board_id: str, folder_id: str, attributes: dict[str, str], user_id: int
) -> list[tuple[str, datetime]]:
    return asyncio.run(_bulk(url, n, board_id, folder_id, attributes, user_id))


# The item rows with their generated texts (the same data as the SQLite loader, bench/items.py:
# name "Task {n} {word}", + " urgent" in 2%, + " quokka" in 1 of 200,000; notes; done; cost; one
# price label). Values and search documents are generated from it inside PostgreSQL: building 5n
# tuples in Python took most of the load.
_SOURCE_SQL = """
CREATE TEMP VIEW bench_source AS
SELECT s.item_id, s.stamp, s.n,
       'Task ' || s.n || ' ' || w.w
           || CASE WHEN s.n % 50 = 0 THEN ' urgent' ELSE '' END
           || CASE WHEN s.n % 200000 = 7 THEN ' quokka' ELSE '' END AS name,
       'Notes for task ' || s.n || ': pack the suitcase and check the calendar' AS notes,
       (s.n % 997)::numeric(10, 1)::text AS cost, l.id AS label
FROM (SELECT id AS item_id, created_at AS stamp, (sort_order / 65536)::bigint - 1 AS n FROM items) s
JOIN bench_words w ON w.k = s.n % {words}
JOIN bench_labels l ON l.k = s.n % 4
"""

_VALUES_SQL = """
INSERT INTO item_values (id, item_id, attribute_id, data, search_text, number_key, text_key,
                         created_at, updated_at)
SELECT $1 || substr(h, 1, 4) || '-' || substr(h, 5, 12), src.item_id, a.id,
       CASE a.k WHEN 1 THEN to_json(src.name) WHEN 2 THEN to_json(src.notes)
                WHEN 3 THEN to_json(src.n % 2 = 0) WHEN 4 THEN src.cost::json
                ELSE json_build_array(src.label) END,
       CASE a.k WHEN 1 THEN src.name WHEN 2 THEN src.notes WHEN 4 THEN src.cost END,
       CASE a.k WHEN 3 THEN (src.n % 2 = 0)::int::float8 WHEN 4 THEN (src.n % 997)::float8 END,
       CASE a.k WHEN 1 THEN lower(src.name) WHEN 2 THEN lower(src.notes) END,
       src.stamp, src.stamp
FROM bench_source src CROSS JOIN bench_attributes a
CROSS JOIN LATERAL (SELECT lpad(to_hex(src.n * 5 + a.k), 16, '0') AS h) counter
"""

# Each document's id is its item's search key (openinfinity.items.search.search_key).
_DOCS_SQL = """
INSERT INTO item_search_docs (id, item_id, board_id, primary_text, other_text)
SELECT (($1::bigint + src.n * 1000) << 12)
           | (ascii(substr(src.item_id, 1, 1)) << 4) | (ascii(substr(src.item_id, 2, 1)) >> 4),
       src.item_id, $2, src.name || chr(10) || src.notes, src.cost
FROM bench_source src
"""


async def _bulk(
    url: str, n: int, board_id: str, folder_id: str, attributes: dict[str, str], user_id: int
) -> list[tuple[str, datetime]]:
    """COPY n items (from Python), then generate their 5n values and n documents in SQL."""
    started = time.perf_counter()
    rng = random.Random(42)
    item_ids = sorted(str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n))
    prefix = f"{rng.getrandbits(64):016x}"
    start = datetime(2020, 11, 26, 13, 57, 11)
    stamps = [start + timedelta(milliseconds=i) for i in range(n)]
    sample = [(item_ids[i], stamps[i]) for i in range(0, n, max(1, n // 2000))]
    conn = await asyncpg.connect(url)
    try:
        # Indexes and constraints (keys, uniques, foreign keys) are dropped for the load and made
        # again once after it: far faster than maintaining them (the GIN index above all, and a
        # foreign-key check per value) row by row.
        constraints = await conn.fetch(
            "SELECT c.conrelid::regclass::text AS tab, c.conname, pg_get_constraintdef(c.oid) AS def"
            " FROM pg_constraint c WHERE (c.conrelid::regclass::text IN"
            " ('items', 'item_values', 'item_search_docs') AND c.contype IN ('p', 'u', 'f'))"
            " OR (c.contype = 'f' AND c.confrelid::regclass::text IN"
            " ('items', 'item_values', 'item_search_docs'))"  # other tables' keys to these
            " ORDER BY c.contype = 'f', c.contype = 'u'"  # keys first when made again
        )
        for constraint in reversed(constraints):  # foreign keys first when dropped
            await conn.execute(f'ALTER TABLE {constraint["tab"]} DROP CONSTRAINT "{constraint["conname"]}"')
        indexes = await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            " AND tablename IN ('items', 'item_values', 'item_search_docs')"
        )
        for index in indexes:
            await conn.execute(f'DROP INDEX "{index["indexname"]}"')
        async with conn.transaction():
            await conn.copy_records_to_table(
                "items",
                records=(
                    (item_ids[i], board_id, folder_id, float((i + 1) * 65536), user_id, stamp, stamp)
                    for i, stamp in enumerate(stamps)
                ),
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
            await conn.execute("CREATE TEMP TABLE bench_words (k int PRIMARY KEY, w text)")
            await conn.executemany("INSERT INTO bench_words VALUES ($1, $2)", list(enumerate(items.WORDS)))
            await conn.execute("CREATE TEMP TABLE bench_labels (k int PRIMARY KEY, id text)")
            await conn.executemany("INSERT INTO bench_labels VALUES ($1, $2)", list(enumerate(items.LABELS)))
            await conn.execute("CREATE TEMP TABLE bench_attributes (k int PRIMARY KEY, id text)")
            order = enumerate(("Name", "Notes", "Done", "Cost", "Price"), start=1)
            await conn.executemany(
                "INSERT INTO bench_attributes VALUES ($1, $2)", [(k, attributes[a]) for k, a in order]
            )
            await conn.execute(_SOURCE_SQL.format(words=len(items.WORDS)))
            phases = {"items": time.perf_counter()}
            await conn.execute(_VALUES_SQL, f"{prefix[:8]}-{prefix[8:12]}-{prefix[12:]}-")
            phases["values"] = time.perf_counter()
            epoch = start - search.SEARCH_EPOCH
            micros = (epoch.days * 86_400 + epoch.seconds) * 1_000_000 + epoch.microseconds
            await conn.execute(_DOCS_SQL, micros, board_id)
            phases["search documents"] = time.perf_counter()
        for index in indexes:
            await conn.execute(index["indexdef"])
        for constraint in constraints:
            name, definition = constraint["conname"], constraint["def"]
            await conn.execute(f'ALTER TABLE {constraint["tab"]} ADD CONSTRAINT "{name}" {definition}')
        phases["indexes"] = time.perf_counter()
        # What a long-lived database has: hint bits set and the visibility map filled (else the
        # first requests pay for that), and statistics.
        await conn.execute("VACUUM ANALYZE")
        phases["vacuum analyze"] = time.perf_counter()
    finally:
        await conn.close()
    items.report_phases(started, phases)
    return sample
