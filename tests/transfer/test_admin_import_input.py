"""The admin import call with unusable input answers in our envelope, never a 500."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from openinfinity.transfer.models import TransferRun
from tests import factories_auth as fa


async def test_an_unreachable_source_fails_the_run_and_a_repeat_answers_cleanly(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    admin = await fa.admin(app)
    body = {"url": "http://F7", "rate_per_minute": 2.00001, "workspace_id": "3Bd9fLw2kQe", "token": "x"}
    headers = {**admin.headers, "Idempotency-Key": "k1"}
    first = await client.post("/api/v2/admin/imports", json=body, headers=headers)
    assert first.status_code == 202, first.text
    again = await client.post("/api/v2/admin/imports", json=body, headers=admin.headers)
    assert again.status_code == 409, again.text
    other = await client.post("/api/v2/admin/imports", json={**body, "url": "http://F8"}, headers=headers)
    assert other.status_code == 422, other.text


async def test_a_token_that_cannot_be_a_header_is_refused(client: httpx.AsyncClient, app: FastAPI) -> None:
    admin = await fa.admin(app)
    body = {"url": "http://example.com", "workspace_id": "3Bd9fLw2kQe", "token": "caf\u00e9 token"}
    refused = await client.post("/api/v2/admin/imports", json=body, headers=admin.headers)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "general/invalid-fields" and "token" in refused.json()["invalidFields"]


async def test_a_source_that_cannot_be_requested_is_refused(client: httpx.AsyncClient, app: FastAPI) -> None:
    admin = await fa.admin(app)
    good = {"url": "https://example.com", "workspace_id": "3Bd9fLw2kQe", "token": "t0ken"}
    for field, bad in [
        ("url", "https://\u00f1\u0003A\u001cy"),
        ("url", "https://"),
        ("url", "http://exa mple.com"),
        ("workspace_id", "`\u00d6 M"),
        ("workspace_id", "../boards"),
    ]:
        refused = await client.post("/api/v2/admin/imports", json={**good, field: bad}, headers=admin.headers)
        assert refused.status_code == 422, (field, bad, refused.text)
        assert field in refused.json()["invalidFields"], refused.text


async def _runs(app: FastAPI) -> int:
    async with app.state.db.transaction(write=False) as session:
        return int(await session.scalar(select(func.count()).select_from(TransferRun)) or 0)


async def test_a_source_on_a_private_address_is_refused_and_nothing_starts(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    admin = await fa.admin(app)
    before = await _runs(app)
    for url in ("http://127.0.0.1:9/", "http://localhost:9", "http://[::1]:9", "http://10.1.2.3"):
        body = {"url": url, "workspace_id": "3Bd9fLw2kQe", "token": "t0ken"}
        refused = await client.post("/api/v2/admin/imports", json=body, headers=admin.headers)
        assert refused.status_code == 422, refused.text
        assert refused.json()["invalidFields"] == ["url"]
        assert "OPENINFINITY_ALLOW_PRIVATE_URLS" in refused.json()["message"]
    assert await _runs(app) == before
