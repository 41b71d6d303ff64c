"""The web app's first load: time to the first rendered rows of a board in headless Chromium, and the
bytes of the assets a first load fetches.

    PYTHONPATH=src:. .venv/bin/python -m bench.webapp_first_rows --items 100 --items 100000

For each board size N it bulk-loads a board of N items with 5 values each (bench/dataset.py, the
loader of `make bench`; PostgreSQL when OPENINFINITY_BENCH_DATABASE_URL is set), gives the bench user
a password, starts `openinfinity serve --workers 2`, signs in through /signin in Debian's Chromium
(/usr/bin/chromium through Playwright) and opens the board's table `--runs` times:

- cold: a new browser context each run (empty HTTP cache: app.js and app.css are downloaded);
- warm: the same board opened again in that context (assets from the cache, data from the API).

The time is from navigation start (performance.timeOrigin) to the frame after the first item row
(`data-testid="item-row"`) is in the DOM, measured inside the page. Asset sizes are the bytes on the
wire with and without gzip, as the server sends them. Needs the built web app (`make webapp`).
The last stdout line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, sync_playwright

from bench import dataset
from bench.run import _free_port, start_ours, stop
from openinfinity.accounts.users import service as users
from openinfinity.auth import accounts
from openinfinity.core.config import Settings
from openinfinity.core.db import Database

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "bench-password-123"
EMAIL = "bench@example.com"
# Records when the first item row has been rendered: the frame after it entered the DOM.
FIRST_ROW_PROBE = """
(() => {
  const seen = () => document.querySelector('[data-testid="item-row"]');
  const mark = () => requestAnimationFrame(() => { window.__firstRowAt = performance.now(); });
  const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); mark(); } });
  observer.observe(document, { childList: true, subtree: true });
})();
"""


async def _set_password(database_url: str) -> None:
    db = Database(Settings(database_url=database_url))
    try:
        async with db.transaction() as session:
            user = await users.find_by_email(session, EMAIL)
            assert user is not None, "the bench loader makes this user"
            await accounts.set_password(session, user, PASSWORD)
    finally:
        await db.dispose()


def _wait_ready(base: str, process: subprocess.Popen[bytes], seconds: float = 300) -> None:
    """Up to five minutes: on a busy machine two workers can take over a minute to start."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server did not start in {seconds:.0f} s")


def asset_sizes(base: str) -> dict[str, dict[str, int]]:
    """Bytes on the wire per entry point: plain, and gzip as the server sends it to browsers."""
    sizes: dict[str, dict[str, int]] = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for name in ("app.js", "app.css"):
            plain = client.get(f"/assets/{name}", headers={"Accept-Encoding": "identity"})
            packed = client.get(f"/assets/{name}", headers={"Accept-Encoding": "gzip"})
            plain.raise_for_status()
            packed.raise_for_status()
            sizes[name] = {"raw": plain.num_bytes_downloaded, "gzip": packed.num_bytes_downloaded}
            if packed.headers.get("content-encoding") != "gzip":
                sizes[name]["gzip"] = -1  # not compressed by the server
    return sizes


def _sign_in(context: BrowserContext, base: str) -> None:
    page = context.new_page()
    page.goto(f"{base}/signin")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/signin" not in url)
    page.close()


def _first_rows_ms(context: BrowserContext, url: str) -> dict[str, Any]:
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        # Not wait_for_function: the app's Content-Security-Policy forbids the eval it polls with.
        page.locator('[data-testid="item-row"]').first.wait_for(timeout=60_000)
        while (at := page.evaluate("() => window.__firstRowAt ?? null")) is None:
            page.wait_for_timeout(10)
        # What the page fetched before its first rows, in order: [path, start ms, end ms].
        fetched = page.evaluate(
            """(until) => performance.getEntriesByType('resource')
                 .filter(e => e.startTime <= until)
                 .map(e => [new URL(e.name).pathname, Math.round(e.startTime), Math.round(e.responseEnd)])""",
            at,
        )
        items_api = [end - start for path, start, end in fetched if path.endswith("/items")]
        rows = page.locator('[data-testid="item-row"]').count()
        return {
            "first_rows_ms": float(at),
            "items_api_ms": float(items_api[0]) if items_api else -1.0,
            "rows": rows,
            "fetched": fetched,
        }
    finally:
        page.close()


def measure(base: str, workspace_id: int, board_id: str, runs: int) -> dict[str, Any]:
    url = f"{base}/w/{workspace_id}/b/{board_id}"
    cold: list[dict[str, Any]] = []
    warm: list[dict[str, Any]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.add_init_script(FIRST_ROW_PROBE)
                _sign_in(context, base)
                cold.append(_first_rows_ms(context, url))
                warm.append(_first_rows_ms(context, url))
                context.close()
        finally:
            browser.close()

    def summary(samples: list[dict[str, Any]]) -> dict[str, float]:
        return {
            "first_rows_ms_median": round(statistics.median(s["first_rows_ms"] for s in samples), 1),
            "first_rows_ms_max": round(max(s["first_rows_ms"] for s in samples), 1),
            "items_api_ms_median": round(statistics.median(s["items_api_ms"] for s in samples), 1),
            "rows_rendered": int(samples[0]["rows"]),
        }

    # The requests of the last cold load show where its time went.
    return {"cold": summary(cold), "warm": summary(warm), "cold_requests": cold[-1]["fetched"]}


def bench_one(n: int, runs: int, workdir: Path) -> dict[str, Any]:
    fx, _, _ = dataset.build(n, workdir)
    asyncio.run(_set_password(fx.database_url))
    port = _free_port()
    process = start_ours(fx.database_url, port, "uvicorn", workdir)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process)
        return {"items": n, **measure(base, fx.workspace_id, fx.board_id, runs), "assets": asset_sizes(base)}
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, action="append", help="board size N (repeatable)")
    parser.add_argument("--runs", type=int, default=5, help="page loads per size (cold and warm each)")
    parser.add_argument("--workdir", type=Path, default=None, help="where the databases go")
    args = parser.parse_args()
    if not (Path(__file__).resolve().parents[1] / "src/openinfinity/webapp/dist/app.js").exists():
        raise SystemExit("the web app is not built: run `make webapp` first")
    results = []
    with tempfile.TemporaryDirectory(prefix="oi-bench-web-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in args.items or [100, 100000]:
            result = bench_one(n, args.runs, workdir)
            results.append(result)
            cold, warm = result["cold"], result["warm"]
            print(
                f"N={n}: first rows cold {cold['first_rows_ms_median']} ms "
                f"(max {cold['first_rows_ms_max']}), "
                f"warm {warm['first_rows_ms_median']} ms (max {warm['first_rows_ms_max']}); "
                f"items API {cold['items_api_ms_median']} / {warm['items_api_ms_median']} ms; "
                f"{cold['rows_rendered']} rows rendered",
                flush=True,
            )
        assets = results[-1]["assets"]
        for name, size in assets.items():
            print(f"{name}: {size['raw']} bytes, {size['gzip']} gzipped", flush=True)
        for path, start, end in results[-1]["cold_requests"]:
            print(f"  {start:>6} - {end:>6} ms  {path}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
