"""`/metrics`: guarded by its setting, requests by route template, 429s, and several worker
processes adding up (a real `serve --workers 2`), change-feed streams counted while open."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from tests.factories import Account
from tests.servers import cli_env, cli_json, running_server


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample of the exposition text (0 when absent)."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


async def test_off_by_default_then_open_or_token(make_client: Callable[..., Any]) -> None:
    assert (await (await make_client()).get("/metrics")).status_code == 404
    assert (await (await make_client(metrics="open")).get("/metrics")).status_code == 200
    guarded = await make_client(metrics="token", metrics_token="scrape-me")
    assert (await guarded.get("/metrics")).status_code == 401
    wrong = await guarded.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401
    right = await guarded.get("/metrics", headers={"Authorization": "Bearer scrape-me"})
    assert right.status_code == 200 and right.headers["content-type"].startswith("text/plain")


async def test_requests_by_route_template_and_429s(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(metrics="open", rate_limit="2/minute")
    before = (await client.get("/metrics")).text
    route = "/api/v2/workspaces/{workspace}"
    for _ in range(3):
        await client.get(owner.ws(), headers=owner.headers)
    after = (await client.get("/metrics")).text
    ok = sample(after, "openinfinity_http_requests_total", route=route, status="200")
    assert ok - sample(before, "openinfinity_http_requests_total", route=route, status="200") == 2
    refused = sample(after, "openinfinity_rate_limit_refusals_total") - sample(
        before, "openinfinity_rate_limit_refusals_total"
    )
    assert refused == 1
    assert sample(after, "openinfinity_http_request_duration_seconds_count", route=route) >= 2
    # The limiter answers before routing: a 429 has no route template.
    assert sample(after, "openinfinity_http_requests_total", route="unmatched", status="429") >= 1
    gauges = (
        "openinfinity_outbox_backlog",
        "openinfinity_webhook_deliveries_open",
        "openinfinity_db_pool_size",
    )
    for name in gauges:
        assert f"\n{name} " in after or f"\n{name}{{" in after, name
    assert f"/workspaces/{owner.workspace_id}" not in after  # ids never become labels


def test_two_workers_add_up(tmp_path: Path) -> None:
    env = cli_env(
        f"sqlite:///{tmp_path / 'm.db'}",
        OPENINFINITY_METRICS="open",
        OPENINFINITY_RATE_LIMIT="off",
        OPENINFINITY_STORAGE_DIR=str(tmp_path / "files"),
    )
    made = cli_json(
        ["bootstrap", "--email", "m@example.com", "--name", "M", "--workspace", "W"], env, tmp_path
    )
    assert isinstance(made, dict)
    headers = {"Authorization": f"Bearer {made['token']}"}
    with running_server(env, tmp_path, "--workers", "2", log=tmp_path / "server.log") as base:
        ws = f"{base}/api/v2/workspaces/{made['workspace_id']}"
        with httpx.Client() as http:  # new connections, so both workers answer some
            for _ in range(40):
                assert httpx.get(ws, headers=headers).status_code == 200
            route = "/api/v2/workspaces/{workspace}"
            for _ in range(3):  # whichever worker answers the scrape reports both
                text = http.get(f"{base}/metrics").text
                assert sample(text, "openinfinity_http_requests_total", route=route, status="200") == 40


def test_open_change_streams_are_counted(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 's.db'}", OPENINFINITY_METRICS="open")
    boot = ["bootstrap", "--email", "s@example.com", "--name", "S", "--workspace", "W"]
    made = cli_json(boot, env, tmp_path)
    assert isinstance(made, dict)
    headers = {"Authorization": f"Bearer {made['token']}"}
    with running_server(env, tmp_path, log=tmp_path / "server.log") as base:
        ws = f"{base}/api/v2/workspaces/{made['workspace_id']}"
        board = httpx.post(f"{ws}/boards", json={"name": "B"}, headers=headers).json()
        url = f"{ws}/boards/{board['id']}/changes"
        with httpx.stream("GET", url, headers={**headers, "Accept": "text/event-stream"}) as stream:
            lines = stream.iter_lines()  # kept: a dropped iterator closes the connection
            assert next(lines).startswith("retry:")
            opened = httpx.get(f"{base}/metrics").text
        assert sample(opened, "openinfinity_change_streams_open") == 1
