from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import REDIS_URL
from tests.factories import Account
from tests.servers import cli_env, cli_json, running_server


async def test_headers_and_429_with_retry_after(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(rate_limit="3/minute")
    statuses = []
    for _ in range(3):
        response = await client.get("/api/v2/profile", headers=owner.headers)
        statuses.append(response.status_code)
        assert response.headers["x-ratelimit-limit"] == "3"
    assert statuses == [200, 200, 200]
    assert response.headers["x-ratelimit-remaining"] == "0"
    assert int(response.headers["x-ratelimit-reset"]) > 0
    refused = await client.get("/api/v2/profile", headers=owner.headers)
    assert refused.status_code == 429
    assert refused.json()["code"] == "general/too-many-requests"
    assert 1 <= int(refused.headers["retry-after"]) <= 60


async def test_limits_are_per_token_and_per_address(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(rate_limit="2/minute")
    for _ in range(2):
        assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 200
    assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 429
    # anonymous callers are counted by address, separately from the token
    assert (await client.get("/api/v2/profile")).status_code == 401
    # the non-API endpoints are not limited
    assert (await client.get("/health")).status_code == 200


async def test_every_configured_window_applies(make_client: Callable[..., Any], owner: Account) -> None:
    client = await make_client(rate_limit="100/minute,2/hour")
    responses = [await client.get("/api/v2/profile", headers=owner.headers) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[0].headers["x-ratelimit-limit"] == "2"


@pytest.mark.skipif(not REDIS_URL, reason="Redis tests need OPENINFINITY_TEST_REDIS_URL (CI sets it)")
async def test_limit_holds_across_two_processes_with_redis(tmp_path: Path) -> None:
    assert REDIS_URL
    env = cli_env(
        f"sqlite:///{tmp_path / 'shared.db'}",
        OPENINFINITY_REDIS_URL=REDIS_URL,
        OPENINFINITY_RATE_LIMIT="10/minute",
    )
    account = cli_json(
        ["bootstrap", "--email", f"{uuid.uuid4().hex[:8]}@example.com", "--name", "R", "--workspace", "W"],
        env,
        tmp_path,
    )
    assert isinstance(account, dict)
    headers = {"Authorization": f"Bearer {account['token']}"}
    with running_server(env, tmp_path) as first, running_server(env, tmp_path) as second:
        async with httpx.AsyncClient(timeout=10) as http:
            responses = await asyncio.gather(
                *[http.get(f"{base}/api/v2/profile", headers=headers) for base in [first, second] * 7]
            )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * 10 + [429] * 4
