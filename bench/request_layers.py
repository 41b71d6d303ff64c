"""Where a request's time goes, layer by layer, in process (no server, no network).

    .venv/bin/python -m bench.request_layers [--items 2000] [--requests 3000]

Builds a SQLite board like `make bench` (5 attributes, N items with 5 values each), then sends
a get item (`expand[]=values`) and a list page of 100 (`expand[]=values.attribute`) through
`httpx.ASGITransport` one at a time, with wall-clock timers wrapped around each layer:

- each ASGI middleware: its own time (inclusive time minus the layer it wraps);
- routing: Starlette/FastAPI finding the route (router time minus the route's handler);
- dependencies: FastAPI's `solve_dependencies` minus the calls below it, i.e. parameter
  parsing and validation and the solving itself, then separately authentication (token to
  principal) and the board access query (with the connection checkout and BEGIN);
- handler: the endpoint (service + presentation + response object);
- rest of the route: body read, exit stacks (the session's commit and close), response sending.

One request at a time on one event loop; the timers read the process's CPU time (the machine is
shared) and cost about 1 µs each. The figures are CPU microseconds per request.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import fastapi.routing
import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from bench import items as bench_items
from openinfinity import app as app_module
from openinfinity.auth import deps as auth_deps
from openinfinity.boards import deps as board_deps
from openinfinity.core.config import Settings
from openinfinity.core.migrate import upgrade

TIMES: dict[str, float] = defaultdict(float)
# Re-entrant layers (an included router's route handles inside its parent's) count once.
DEPTH: dict[str, int] = defaultdict(int)
# CPU time of the process: the machine is shared, so wall time would count other programs' turns.
clock = time.process_time


@contextmanager
def timed(name: str) -> Iterator[None]:
    DEPTH[name] += 1
    started = clock()
    try:
        yield
    finally:
        DEPTH[name] -= 1
        if DEPTH[name] == 0:
            TIMES[name] += clock() - started


class TimedLayer:
    """Stands in for the `app` a middleware wraps, timing it (inclusive)."""

    def __init__(self, name: str, inner: ASGIApp) -> None:
        self.name = name
        self.inner = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with timed(self.name):
            await self.inner(scope, receive, send)


def wrap_async(owner: Any, attribute: str, name: str) -> None:
    """Time every call of `owner.attribute` (an async function) under `name`."""
    original: Callable[..., Awaitable[Any]] = getattr(owner, attribute)

    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        with timed(name):
            return await original(*args, **kwargs)

    setattr(owner, attribute, wrapper)


def instrument(app: Any) -> list[str]:
    """Wrap the built middleware stack; returns the layer names, outermost first."""
    names: list[str] = []
    node = app.middleware_stack
    while hasattr(node, "app") and node is not app.router:
        inner = node.app
        name = type(inner).__name__ if inner is not app.router else "Router"
        names.append(type(node).__name__)
        node.app = TimedLayer(f"incl:{name}", inner)
        node = inner
    names.append("Router")
    wrap_async(fastapi.routing.APIRoute, "handle", "incl:handle")
    wrap_async(fastapi.routing, "solve_dependencies", "incl:solve")
    wrap_async(fastapi.routing, "run_endpoint_function", "incl:endpoint")
    wrap_hooks()
    return names


def wrap_hooks() -> None:
    """The calls inside dependency solving that are ours: authentication and board access."""
    # Module attributes looked up at call time by the dependencies (see auth/deps, boards/deps).
    for module, attribute, name in HOOKS:
        wrap_async(module, attribute, name)


HOOKS: list[tuple[Any, str, str]] = [
    (auth_deps, "authenticate_request", "auth (token -> principal, cached)"),
    (board_deps, "resolve", "board access query (membership + board, one query)"),
]


def report(names: list[str], requests: int) -> dict[str, float]:
    per = {k: v / requests * 1e6 for k, v in TIMES.items()}
    rows: dict[str, float] = {}
    chain = [*names]
    for outer, inner in zip(chain, chain[1:], strict=False):
        outer_incl = per["total"] if outer == chain[0] else per[f"incl:{outer}"]
        rows[f"middleware {outer}"] = outer_incl - per[f"incl:{inner}"]
    hooks = sum(per.get(name, 0.0) for _, _, name in HOOKS)
    rows["routing (router minus route handler)"] = per["incl:Router"] - per["incl:handle"]
    rows["FastAPI dependency solving + parameter parsing"] = per["incl:solve"] - hooks
    for _, _, name in HOOKS:
        rows[name] = per.get(name, 0.0)
    rows["handler (service + presentation + response object)"] = per["incl:endpoint"]
    rows["route rest (body read, session commit/close, response send)"] = (
        per["incl:handle"] - per["incl:solve"] - per["incl:endpoint"]
    )
    rows["total"] = per["total"]
    return rows


async def run(kind: str, fx: bench_items.Fixture, settings: Settings, requests: int) -> dict[str, float]:
    application = app_module.create_app(settings)
    prefix = f"/api/v2/workspaces/{fx.workspace_id}/boards/{fx.board_id}"
    headers = {"Authorization": f"Bearer {fx.token}"}
    item_id = fx.sample[len(fx.sample) // 2][0]
    url = (
        f"{prefix}/items/{item_id}?expand[]=values"
        if kind == "get"
        else f"{prefix}/items?limit=100&expand[]=values.attribute"
    )
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        for _ in range(50):  # warm: build the stack, fill caches, compile statements
            (await http.get(url, headers=headers)).raise_for_status()
        names = instrument(application)
        outer = application.middleware_stack
        assert outer is not None

        async def total(scope: Scope, receive: Receive, send: Send) -> None:
            with timed("total"):
                await outer(scope, receive, send)

        application.middleware_stack = total
        TIMES.clear()
        for _ in range(requests):
            response = await http.get(url, headers=headers)
            assert response.status_code == 200, response.text
    await application.state.db.dispose()
    return report(names, requests)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="oi-layers-"))
    url = f"sqlite+aiosqlite:///{workdir / 'layers.db'}"
    upgrade(url)
    token, workspace_id, board_id, folder_id, attributes, user_id = asyncio.run(bench_items._setup_board(url))
    path = str(workdir / "layers.db")
    sample = bench_items._bulk_sqlite(path, args.items, board_id, folder_id, attributes, user_id)
    fx = bench_items.Fixture(url, token, workspace_id, board_id, folder_id, attributes, sample)
    settings = Settings(
        database_url=url, rate_limit="100000000/minute", redis_url=None, public_url="http://testserver"
    )
    for kind in ("get", "list"):
        rows = asyncio.run(run(kind, fx, settings, args.requests if kind == "get" else args.requests // 5))
        print(f"\n{kind}: µs per request")
        for name, value in rows.items():
            print(f"  {value:8.1f}  {name}")


if __name__ == "__main__":
    main()
