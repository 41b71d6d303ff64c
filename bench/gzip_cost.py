"""What gzip costs on the 100-item list page (docs/deploy.md): body sizes, and the median time of
the same request in process (no network) without and with `Accept-Encoding: gzip`.

    PYTHONPATH=src:. python bench/gzip_cost.py
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import zlib
from pathlib import Path

import httpx
from tests import factories, factories_items

from openinfinity.app import create_app
from openinfinity.core.config import Settings
from openinfinity.core.migrate import upgrade

ROUNDS = 300


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        await asyncio.to_thread(upgrade, url)
        app = create_app(Settings(database_url=url, rate_limit="1000000/minute", storage_dir=Path(tmp)))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            owner = await factories.account(app)
            setup = await factories_items.board_setup(app, owner)
            for n in range(100):
                values = {
                    "Name": f"Trip to city number {n}",
                    "Done": n % 2 == 0,
                    "Cost": n * 10,
                    "Notes": f"Book early; item {n} of the plan",
                }
                await factories_items.create_item(http, setup, values=values)
            page = setup.url("/items")
            params = {"limit": 100, "expand[]": "values"}
            timings: dict[str, list[float]] = {"identity": [], "gzip": []}
            sizes: dict[str, int] = {}
            for _ in range(ROUNDS):
                for encoding in timings:
                    headers = {**owner.headers, "Accept-Encoding": encoding}
                    started = time.perf_counter()
                    response = await http.get(page, params=params, headers=headers)
                    timings[encoding].append(time.perf_counter() - started)
                    sizes[encoding] = int(response.headers["content-length"])
            body = (await http.get(page, params=params, headers=owner.headers)).content
        await app.state.db.dispose()
    for encoding, values in timings.items():
        print(f"{encoding:8} {sizes[encoding]:7} bytes  median {statistics.median(values) * 1000:.2f} ms")
    for level in (1, 6, 9):
        started = time.perf_counter()
        for _ in range(ROUNDS):
            compressor = zlib.compressobj(level, zlib.DEFLATED, 31)
            size = len(compressor.compress(body) + compressor.flush())
        compress_ms = (time.perf_counter() - started) / ROUNDS * 1000
        print(f"zlib level {level} alone on the {len(body)}-byte body: {size} bytes, {compress_ms:.3f} ms")


if __name__ == "__main__":
    asyncio.run(main())
