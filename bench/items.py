"""Items benchmark: a board with N items of 5 values each, served by `openinfinity serve` over real
HTTP on loopback.

    PYTHONPATH=src python -m bench.items --items 1000 --items 100000 --items 1000000

For each N it builds a fresh SQLite database (migrations, then direct bulk inserts into the same
schema, search index included), starts the server as a subprocess on a free port, and measures:
a list page of 100 with expand[]=values.attribute (at a random depth, by keyset cursor), get one
item with its values, create one item with 5 values, and a `q` search.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from bench import loadgen
from openinfinity.items import search

WORDS = [f"w{n:04d}{chr(97 + n % 26)}" for n in range(1000)]
LABELS = [str(uuid.UUID(int=n + 1)) for n in range(4)]


@dataclass
class Fixture:
    database_url: str
    token: str
    workspace_id: int
    board_id: str
    folder_id: str
    attributes: dict[str, str]
    # (id, created_at) of every bulk item, for random cursors and gets
    sample: list[tuple[str, datetime]]


async def _setup_board(database_url: str) -> tuple[str, int, str, str, dict[str, str], int]:
    from openinfinity.accounts.users import service as users
    from openinfinity.attributes.service import create_attribute
    from openinfinity.auth import service as auth
    from openinfinity.boards.access import BoardContext
    from openinfinity.boards.service import create_board
    from openinfinity.core.config import Settings
    from openinfinity.core.db import Database
    from openinfinity.folders.service import create_folder
    from openinfinity.workspaces import service as workspaces

    db = Database(Settings(database_url=database_url))
    try:
        async with db.transaction() as session:
            user = await users.create_user(session, email="bench@example.com", name="Bench")
            workspace = await workspaces.create(session, owner_id=user.id, name="Bench")
            _, token = await auth.issue_token(session, user, name="bench")
            principal = _principal(user.id)
            ctx = await workspaces.access(session, principal, workspace.id)
            board_row = await create_board(session, ctx, name="Bench board")
            board = BoardContext(board=board_row, workspace=ctx)
            labels = {
                "labels": [{"id": i, "name": f"${n}", "color": "#92F3EC"} for n, i in enumerate(LABELS)]
            }
            specs = {
                "Name": ("text", None),
                "Notes": ("longtext", None),
                "Done": ("checkbox", None),
                "Cost": ("number", None),
                "Price": ("label", labels),
            }
            attributes = {}
            for name, (kind, settings) in specs.items():
                attribute = await create_attribute(session, board, name=name, type=kind, settings=settings)
                attributes[name] = attribute.id
            folder = await create_folder(session, board, name="Bulk", attribute_ids=list(attributes.values()))
            return token, workspace.id, board_row.id, folder.id, attributes, user.id
    finally:
        await db.dispose()


def _principal(user_id: int) -> object:
    from openinfinity.auth.principal import Principal

    return Principal(
        user_id=user_id, token_id=0, scopes=frozenset(), workspace_id=None, is_instance_admin=False
    )


# The item rows with their generated texts, as a view over `items` (the same data as
# dataset_pg.py: name "Task {n} {word}", + " urgent" in 2%, + " quokka" in 1 of 200,000; notes;
# done; cost; one price label). Values and search documents are generated from it inside SQLite:
# building 5n tuples in Python and binding 9 parameters each took most of the load.
_SOURCE_SQL = f"""
CREATE TEMP VIEW bench_source AS
SELECT s.r, s.item_id, s.stamp, s.n,
       'Task ' || s.n || ' ' || w.w
           || CASE WHEN s.n % 50 = 0 THEN ' urgent' ELSE '' END
           || CASE WHEN s.n % 200000 = 7 THEN ' quokka' ELSE '' END AS name,
       'Notes for task ' || s.n || ': pack the suitcase and check the calendar' AS notes,
       printf('%.1f', s.n % 997) AS cost, l.id AS label
FROM (SELECT rowid AS r, id AS item_id, created_at AS stamp,
             CAST(sort_order / 65536 AS INTEGER) - 1 AS n FROM main.items) s
JOIN temp.bench_words w ON w.k = s.n % {len(WORDS)}
JOIN temp.bench_labels l ON l.k = s.n % 4
"""

_VALUES_SQL = """
INSERT INTO item_values (id, item_id, attribute_id, data, search_text, number_key, text_key,
                         created_at, updated_at)
SELECT printf('%s-%04x-%012x', :prefix, ((src.n * 5 + a.k) >> 48) & 65535,
              (src.n * 5 + a.k) & 281474976710655),
       src.item_id, a.id,
       CASE a.k WHEN 1 THEN json_quote(src.name) WHEN 2 THEN json_quote(src.notes)
                WHEN 3 THEN CASE WHEN src.n % 2 = 0 THEN 'true' ELSE 'false' END
                WHEN 4 THEN src.cost ELSE json_array(src.label) END,
       CASE a.k WHEN 1 THEN src.name WHEN 2 THEN src.notes WHEN 4 THEN src.cost END,
       CASE a.k WHEN 3 THEN CASE WHEN src.n % 2 = 0 THEN 1.0 ELSE 0.0 END
                WHEN 4 THEN CAST(src.n % 997 AS REAL) END,
       CASE a.k WHEN 1 THEN lower(src.name) WHEN 2 THEN lower(src.notes) END,
       src.stamp, src.stamp
FROM temp.bench_source src CROSS JOIN temp.bench_attributes a
ORDER BY src.r, a.k
"""

# Each document's id is its item's search key (openinfinity.items.search.search_key).
_DOCS_SQL = """
INSERT INTO item_search_docs (id, item_id, board_id, primary_text, other_text)
SELECT ((:epoch_micros + src.n * 1000) << 12)
           | (unicode(substr(src.item_id, 1, 1)) << 4) | (unicode(substr(src.item_id, 2, 1)) >> 4),
       src.item_id, :board, src.name || char(10) || src.notes, src.cost
FROM temp.bench_source src ORDER BY src.r
"""


def _bulk_sqlite(
    path: str, n: int, board_id: str, folder_id: str, attributes: dict[str, str], user_id: int
) -> list[tuple[str, datetime]]:
    """Insert n items (from Python), then their 5n values and n search documents (in SQL)."""
    started = time.perf_counter()
    rng = random.Random(42)
    # Ids in ascending order (and value ids counting up) keep every primary-key and unique index
    # append-only during the load; random order thrashes the page cache past a few 100k rows.
    item_ids = sorted(str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n))
    value_prefix = rng.getrandbits(64)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-262144")
    # Indexes and the search triggers are set aside during the load and rebuilt once after it:
    # far faster than maintaining them row by row.
    deferred = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND tbl_name IN"
        " ('items', 'item_values', 'item_search_docs') AND type IN ('index', 'trigger')"
    ).fetchall()
    for kind, name, _ in deferred:
        conn.execute(f'DROP {kind.upper()} "{name}"')
    start = datetime(2020, 11, 26, 13, 57, 11)
    sample: list[tuple[str, datetime]] = []
    stamps = (start + timedelta(milliseconds=i) for i in range(n))
    conn.executemany(
        "INSERT INTO items (id, board_id, folder_id, parent_id, sort_order, created_by, deleted_at,"
        " created_at, updated_at) VALUES (?,?,?,NULL,?,?,NULL,?,?)",
        (
            (item_ids[i], board_id, folder_id, float((i + 1) * 65536), user_id, stamp, stamp)
            for i, created in enumerate(stamps)
            for stamp in (created.strftime("%Y-%m-%d %H:%M:%S.%f"),)
        ),
    )
    for i in range(0, n, max(1, n // 2000)):
        sample.append((item_ids[i], start + timedelta(milliseconds=i)))
    conn.execute("CREATE TEMP TABLE bench_words (k INTEGER PRIMARY KEY, w TEXT)")
    conn.executemany("INSERT INTO temp.bench_words VALUES (?, ?)", enumerate(WORDS))
    conn.execute("CREATE TEMP TABLE bench_labels (k INTEGER PRIMARY KEY, id TEXT)")
    conn.executemany("INSERT INTO temp.bench_labels VALUES (?, ?)", enumerate(LABELS))
    conn.execute("CREATE TEMP TABLE bench_attributes (k INTEGER PRIMARY KEY, id TEXT)")
    order = enumerate(("Name", "Notes", "Done", "Cost", "Price"), start=1)
    rows = [(k, attributes[a]) for k, a in order]
    conn.executemany("INSERT INTO temp.bench_attributes VALUES (?, ?)", rows)
    conn.execute(_SOURCE_SQL)
    prefix = f"{value_prefix:016x}"
    conn.execute(_VALUES_SQL, {"prefix": f"{prefix[:8]}-{prefix[8:12]}-{prefix[12:]}"})
    epoch = start - search.SEARCH_EPOCH
    conn.execute(
        _DOCS_SQL,
        {
            "board": board_id,
            "epoch_micros": (epoch.days * 86_400 + epoch.seconds) * 1_000_000 + epoch.microseconds,
        },
    )
    conn.commit()
    phases = {"rows": time.perf_counter()}
    for _, _, sql in deferred:
        conn.execute(sql)
    phases["indexes"] = time.perf_counter()
    conn.execute("INSERT INTO item_search_fts(item_search_fts) VALUES ('rebuild')")
    conn.commit()
    phases["search index"] = time.perf_counter()
    # Statistics from a sample of each index: as good for the planner, seconds instead of minutes.
    conn.execute("PRAGMA analysis_limit=1000")
    conn.execute("ANALYZE")
    conn.commit()
    phases["analyze"] = time.perf_counter()
    conn.close()
    report_phases(started, phases)
    return sample


def report_phases(started: float, phases: dict[str, float]) -> None:
    """Print how long each load phase took (`phases`: name -> perf_counter() at its end)."""
    marks = [started, *phases.values()]
    steps = zip(phases, marks[:-1], marks[1:], strict=True)
    spent = ", ".join(f"{name} {end - begin:.1f} s" for name, begin, end in steps)
    print(f"  bulk load: {spent}", file=sys.stderr, flush=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cursor(item_id: str, created: datetime) -> str:
    return base64.b64encode(f"{item_id},{created.strftime('%Y-%m-%d %H:%M:%S.%f')}".encode()).decode()


async def _measure(fx: Fixture, base: str, concurrency: int, duration: float) -> list[loadgen.Result]:
    headers = {"Authorization": f"Bearer {fx.token}"}
    prefix = f"/api/v2/workspaces/{fx.workspace_id}/boards/{fx.board_id}"
    rng = random.Random(7)

    def list_page(_: int) -> loadgen.RequestSpec:
        item_id, created = rng.choice(fx.sample)
        query = f"limit=100&expand[]=values.attribute&after={_cursor(item_id, created)}"
        return "GET", f"{prefix}/items?{query}", None

    def get_one(_: int) -> loadgen.RequestSpec:
        return "GET", f"{prefix}/items/{rng.choice(fx.sample)[0]}?expand[]=values", None

    def create(i: int) -> loadgen.RequestSpec:
        a = fx.attributes
        body = {
            "folder_id": fx.folder_id,
            "values": [
                {"attribute_id": a["Name"], "data": f"Created {i} {rng.choice(WORDS)}"},
                {"attribute_id": a["Notes"], "data": "<p>made by the benchmark</p>"},
                {"attribute_id": a["Done"], "data": False},
                {"attribute_id": a["Cost"], "data": i % 100},
                {"attribute_id": a["Price"], "data": [LABELS[i % 4]]},
            ],
        }
        return "POST", f"{prefix}/items", body

    def search(_: int) -> loadgen.RequestSpec:
        return "GET", f"{prefix}/items?q={rng.choice(WORDS)}&limit=20", None

    results = []
    for name, make, expect in (
        ("list 100, expand values.attribute", list_page, 200),
        ("get one item (expand values)", get_one, 200),
        ("create item with 5 values", create, 201),
        ("q search (limit 20)", search, 200),
    ):
        results.append(
            await loadgen.run(
                name, base, headers, make, concurrency=concurrency, duration=duration, expect=expect
            )
        )
    return results


def _serve(database_url: str, port: int, workdir: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "OPENINFINITY_DATABASE_URL": database_url,
        "OPENINFINITY_RATE_LIMIT": "100000000/minute",
        "OPENINFINITY_LOG_LEVEL": "warning",
        "OPENINFINITY_REDIS_URL": "",
    }
    env.pop("OPENINFINITY_REDIS_URL")
    # The server must import the same openinfinity as this script (a worktree's src/, say).
    import openinfinity

    source = str(Path(openinfinity.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([source, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    command = [
        sys.executable,
        "-c",
        "from openinfinity.cli.main import app; app()",
        "serve",
        "--port",
        str(port),
    ]
    return subprocess.Popen(command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def _wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(300):
            if process.poll() is not None:
                raise SystemExit(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
            try:
                if (await client.get("/health")).status_code < 500:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit("server did not start")


def bench_one(n: int, concurrency: int, duration: float, workdir: Path) -> list[loadgen.Result]:
    from openinfinity.core.migrate import upgrade

    path = workdir / f"bench_{n}.db"
    database_url = f"sqlite+aiosqlite:///{path}"
    upgrade(database_url)
    token, workspace_id, board_id, folder_id, attributes, user_id = asyncio.run(_setup_board(database_url))
    started = time.perf_counter()
    sample = _bulk_sqlite(str(path), n, board_id, folder_id, attributes, user_id)
    print(f"N={n}: loaded {n} items / {5 * n} values in {time.perf_counter() - started:.1f} s", flush=True)
    fx = Fixture(database_url, token, workspace_id, board_id, folder_id, attributes, sample)
    port = _free_port()
    process = _serve(database_url, port, workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(_wait_ready(base, process))
        return asyncio.run(_measure(fx, base, concurrency, duration))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, action="append", help="board size N (repeatable)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per request kind")
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where the databases go (default: a temp dir)"
    )
    args = parser.parse_args()
    sizes = args.items or [1000, 100000]
    with tempfile.TemporaryDirectory(prefix="oi-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        tables = []
        for n in sizes:
            results = bench_one(n, args.concurrency, args.duration, workdir)
            tables.append((n, results))
            print(f"\nN={n} (SQLite, concurrency {args.concurrency}, {args.duration:.0f} s each)")
            print(loadgen.HEADER)
            for result in results:
                print(result.row(), flush=True)
            (workdir / f"bench_{n}.db").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
