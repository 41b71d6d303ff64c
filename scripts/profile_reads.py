"""In-process profile of the board-content reads: GET item and a list page of 100 with
`expand[]=values.attribute`, over httpx.ASGITransport against a SQLite app (as tests/conftest.py
builds it), on a board of ~1,000 items with a text, number, label, reference and attachments value;
then a page of 100 of a view with one filter and one sort.

    PYTHONPATH=. .venv/bin/python scripts/profile_reads.py [--gets 1000] [--lists 100] [--top 25]

Prints ms per request and CPU ms per request (process time: the client's share included; timed
without the profiler), then the share of CPU per layer under
cProfile: SQLAlchemy's ORM package, the rest of SQLAlchemy, FastAPI/Starlette, our code.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

os.environ.setdefault("OPENINFINITY_DATA_DIR", tempfile.mkdtemp(prefix="oi-profile-"))

from tests import factories  # noqa: E402

from openinfinity.app import create_app  # noqa: E402
from openinfinity.core.config import Settings  # noqa: E402
from openinfinity.core.migrate import upgrade  # noqa: E402

ITEMS = 1000
EXPAND = {"expand[]": ["values.attribute"]}


async def _world(client: httpx.AsyncClient, app: Any) -> tuple[str, list[str]]:
    owner = await factories.account(app)
    h = owner.headers
    board = (await client.post(owner.ws("/boards"), json={"name": "Profile"}, headers=h)).json()["id"]
    url = owner.ws(f"/boards/{board}")
    folder = (await client.post(f"{url}/folders", json={"name": "F"}, headers=h)).json()["id"]
    labels = [
        {"id": "l1", "name": "One", "color": "#92F3EC"},
        {"id": "l2", "name": "Two", "color": "#FFD3F2"},
    ]
    attrs: dict[str, str] = {}
    for name, kind, settings in [
        ("Name", "text", None),
        ("Cost", "number", None),
        ("Tags", "label", {"multiple": True, "labels": labels}),
        ("Link", "reference", None),
        ("Files", "attachments", None),
        ("Created", "created_at", None),
    ]:
        body: dict[str, Any] = {"name": name, "type": kind}
        if settings:
            body["settings"] = settings
        attrs[name] = (await client.post(f"{url}/attributes", json=body, headers=h)).json()["id"]
    upload = await client.post(
        owner.ws("/attachments/file"), files={"file": ("a.txt", b"hello", "text/plain")}, headers=h
    )
    file_id = upload.json()["id"]
    ids: list[str] = []
    for start in range(0, ITEMS, 100):
        ops = [
            {
                "action": "create",
                "folder_id": folder,
                "values": [
                    {"attribute_id": attrs["Name"], "data": f"Item {start + i} alpha"},
                    {"attribute_id": attrs["Cost"], "data": start + i},
                    {"attribute_id": attrs["Tags"], "data": ["l1"]},
                    {"attribute_id": attrs["Files"], "data": [{"id": file_id}]},
                ],
            }
            for i in range(100)
        ]
        answer = await client.post(f"{url}/items/batch", json={"operations": ops}, headers=h)
        assert answer.status_code == 200, answer.text
        ids += [r["item"]["id"] for r in answer.json()["results"]]
    settings = {
        "filter": {
            "combinator": "AND",
            "conditions": [{"attributeId": attrs["Cost"], "operator": "gt", "value": 10}],
        },
        "sort": {"conditions": [{"attributeId": attrs["Cost"], "settings": {"direction": "desc"}}]},
    }
    view = await client.post(
        f"{url}/views", json={"type": "table", "folder_id": folder, "settings": settings}, headers=h
    )
    assert view.status_code == 201, view.text
    return url, ids, h, view.json()["id"]  # type: ignore[return-value]


async def _run(gets: int, lists: int, top: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="oi-profile-db-"))
    url = f"sqlite+aiosqlite:///{tmp / 'profile.db'}"
    await asyncio.to_thread(upgrade, url)
    settings = Settings(
        database_url=url,
        rate_limit="1000000/minute",
        rate_limit_uploads="off",
        rate_limit_signin="off",
        rate_limit_tokens="off",
        public_url="http://testserver",
        redis_url=None,
    )  # type: ignore[call-arg]
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        board_url, ids, headers, view_id = await _world(client, app)  # type: ignore[misc]

        async def get(n: int) -> None:
            for i in range(n):
                r = await client.get(f"{board_url}/items/{ids[i % len(ids)]}", params=EXPAND, headers=headers)
                assert r.status_code == 200

        async def page(n: int) -> None:
            for _ in range(n):
                r = await client.get(f"{board_url}/items", params={**EXPAND, "limit": 100}, headers=headers)
                assert r.status_code == 200

        async def view(n: int) -> None:
            for _ in range(n):
                r = await client.get(
                    f"{board_url}/views/{view_id}/items", params={**EXPAND, "limit": 100}, headers=headers
                )
                assert r.status_code == 200

        await get(50)
        await page(5)
        await view(5)
        scenarios = (("get item", get, gets), ("list of 100", page, lists), ("view page of 100", view, lists))
        for name, fn, n in scenarios:
            started, cpu = time.perf_counter(), time.process_time()
            await fn(n)
            ms = (time.perf_counter() - started) * 1000 / n
            cpu_ms = (time.process_time() - cpu) * 1000 / n
            profiler = cProfile.Profile()
            profiler.enable()
            await fn(n)
            profiler.disable()
            _report(name, ms, cpu_ms, profiler, top)
    await app.state.db.dispose()


def _layer(filename: str, func: str = "") -> str:
    if filename == "~" and ("sqlite3" in func or "greenlet" in func):
        return "driver" if "sqlite3" in func else "sqlalchemy core"
    if "sqlalchemy/orm" in filename or "sqlalchemy/ext/asyncio/session" in filename:
        return "sqlalchemy.orm"
    for part, layer in (
        ("sqlalchemy", "sqlalchemy core"),
        ("greenlet", "sqlalchemy core"),
        ("aiosqlite", "driver"),
        ("sqlite3", "driver"),
        ("fastapi", "fastapi/starlette"),
        ("starlette", "fastapi/starlette"),
        ("pydantic", "pydantic"),
        ("httpx", "client (httpx)"),
        ("openinfinity", "ours"),
        ("/asyncio/", "asyncio"),
    ):
        if part in filename:
            return layer
    return "other"


def _report(name: str, ms: float, cpu_ms: float, profiler: cProfile.Profile, top: int) -> None:
    stats = pstats.Stats(profiler)
    by_layer: dict[str, float] = {}
    total = 0.0
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        layer = _layer(filename, _func)
        by_layer[layer] = by_layer.get(layer, 0.0) + tottime
        total += tottime
    print(f"\n== {name}: {ms:.2f} ms per request, {cpu_ms:.2f} ms CPU (client included; no profiler)")
    for layer, spent in sorted(by_layer.items(), key=lambda kv: -kv[1]):
        print(f"   {layer:20} {100 * spent / total:5.1f}%")
    others = sorted(
        ((v[2], k) for k, v in stats.stats.items() if _layer(k[0], k[2]) == "other"),  # type: ignore[attr-defined]
        reverse=True,
    )[:5]
    print("   other, largest:", ", ".join(f"{k[2]} {100 * t / total:.1f}%" for t, k in others))
    if top:
        stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gets", type=int, default=2000)
    parser.add_argument("--lists", type=int, default=200)
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args()
    asyncio.run(_run(args.gets, args.lists, args.top))


if __name__ == "__main__":
    main()
