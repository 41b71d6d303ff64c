"""The change feed's latency as a person sees it: a write through the API (an integration with a
token) -> the new value rendered in another person's browser, p50/p99.

    PYTHONPATH=src:. .venv/bin/python -m bench.live_browser --writes 200 --workers 1 --workers 2
    PYTHONPATH=src:. .venv/bin/python -m bench.live_browser --backend postgres --workers 2

For each worker count it starts `openinfinity serve --workers W` on a fresh SQLite database (or a
scratch PostgreSQL database on OPENINFINITY_BENCH_POSTGRES_URL, dropped at the end),
makes a user with `openinfinity bootstrap`, a board with one item, signs in through /signin in
Debian's Chromium (/usr/bin/chromium through Playwright) and opens the board's table. Then, one
after the other, it renames the item through the API and waits until the table shows the new
name: the latency is from just before the PATCH is sent to the frame after the cell's text changed
(Date.now() in the page; the page and this script share the machine's clock). With two workers the
write and the stream are on different processes half of the time (the feed then learns of the
write by NOTIFY on PostgreSQL, by its poll on SQLite). Needs the built web app (`make webapp`).
The last stdout line is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, sync_playwright

from bench.hooks import drop_database, scratch_database
from bench.run import _env, _free_port, stop
from bench.webapp_first_rows import ARGS, CHROMIUM, _wait_ready

PASSWORD = "bench-password-123"
EMAIL = "live-bench@example.com"
# Records, per expected text, when the watched cell first showed it: the frame after the change.
PROBE = """
(selector) => {
  window.__seen = {};
  const check = () => {
    const want = window.__expect;
    if (!want || window.__seen[want]) return;
    const cell = document.querySelector(selector);
    if (cell && cell.textContent.trim() === want) {
      window.__seen[want] = -1;
      requestAnimationFrame(() => { window.__seen[want] = Date.now(); });
    }
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
}
"""


def _cli(env: dict[str, str], workdir: Path, *args: str) -> Any:
    executable = Path(sys.executable).parent / "openinfinity"
    result = subprocess.run(
        [str(executable), *args], env=env, cwd=workdir, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _board(api: httpx.Client, workspace_id: int) -> tuple[str, str, str]:
    """A board with a Name attribute and one item: (board id, Name attribute id, item id)."""
    board = api.post(f"/workspaces/{workspace_id}/boards", json={"name": "Live latency"}).json()
    base = f"/workspaces/{workspace_id}/boards/{board['id']}"
    folder = api.post(f"{base}/folders", json={"name": "Items"}).json()
    name = api.post(f"{base}/attributes", json={"name": "Name", "type": "text"}).json()
    values = [{"attribute_id": name["id"], "data": "v0"}]
    item = api.post(f"{base}/items", json={"folder_id": folder["id"], "values": values}).json()
    return board["id"], name["id"], item["id"]


def _sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/signin")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/signin" not in url)


def _seen_at(page: Page, want: str, timeout: float = 30.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at = page.evaluate("(want) => window.__seen[want] ?? null", want)
        if at is not None and at > 0:
            return float(at)
        time.sleep(0.002)
    raise SystemExit(f"the browser did not show {want!r} within {timeout:.0f} s")


def measure(base: str, token: str, workspace_id: int, writes: int) -> dict[str, Any]:
    api = httpx.Client(base_url=f"{base}/api/v2", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    board_id, name_id, item_id = _board(api, workspace_id)
    latencies: list[float] = []
    write_ms: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            _sign_in(page, base)
            page.goto(f"{base}/w/{workspace_id}/b/{board_id}")
            page.locator('[data-testid="live-status"][data-status="live"]').wait_for(timeout=60_000)
            selector = f'[data-item-id="{item_id}"] [role="gridcell"][aria-label="Name"]'
            page.locator(selector).wait_for()
            page.evaluate(PROBE, selector)
            path = f"/workspaces/{workspace_id}/boards/{board_id}/items/{item_id}"
            for n in range(1, writes + 1):
                want = f"v{n}"
                page.evaluate("(want) => { window.__expect = want; }", want)
                sent = time.time() * 1000
                response = api.patch(path, json={"values": [{"attribute_id": name_id, "data": want}]})
                write_ms.append(time.time() * 1000 - sent)
                response.raise_for_status()
                latencies.append(_seen_at(page, want) - sent)
        finally:
            browser.close()
            api.close()
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {
        "writes": writes,
        "write_to_browser_ms": {
            "p50": round(statistics.median(ordered), 1),
            "p90": pct(0.90),
            "p99": pct(0.99),
            "max": round(ordered[-1], 1),
        },
        "api_write_ms_p50": round(statistics.median(write_ms), 1),
    }


def bench_one(workers: int, writes: int, workdir: Path, backend: str) -> dict[str, Any]:
    (workdir / f"w{workers}").mkdir(exist_ok=True)
    database_url, scratch = asyncio.run(scratch_database(backend, workdir / f"w{workers}"))
    env = _env(database_url)
    try:
        made = _cli(
            env, workdir, "bootstrap", "--email", EMAIL, "--name", "Live Bench", "--workspace", "Bench",
            "--password", PASSWORD,
        )  # fmt: skip
        port = _free_port()
        executable = Path(sys.executable).parent / "openinfinity"
        command = [str(executable), "serve", "--workers", str(workers), "--port", str(port)]
        process = subprocess.Popen(
            command, env=env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process)
            result = measure(base, made["token"], made["workspace_id"], writes)
        finally:
            stop(process)
    finally:
        if scratch:
            asyncio.run(drop_database(scratch))
    return {"workers": workers, "database": backend, **result}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--writes", type=int, default=200, help="renames measured per server")
    parser.add_argument("--workers", type=int, action="append", help="server worker processes (repeatable)")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    if not (Path(__file__).resolve().parents[1] / "src/openinfinity/webapp/dist/app.js").exists():
        raise SystemExit("the web app is not built: run `make webapp` first")
    results = []
    with tempfile.TemporaryDirectory(prefix="oi-bench-live-") as tmp:
        for workers in args.workers or [1, 2]:
            result = bench_one(workers, args.writes, Path(tmp), args.backend)
            print(json.dumps(result), flush=True)
            results.append(result)
    print(json.dumps({"live_browser": results}))


if __name__ == "__main__":
    main()
