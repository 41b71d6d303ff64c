"""Idempotency-Key on writes (in-process app, SQLite and PostgreSQL): replay, reuse, in use,
per-user scope, failures not stored, expiry and the 24-hour sweep."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select, update

from openinfinity.core.models import utcnow
from openinfinity.idempotency import store
from openinfinity.idempotency.models import IdempotencyKey
from tests import factories
from tests.factories import Account
from tests.factories_items import BoardSetup, board_setup


def _item(setup: BoardSetup, name: str) -> dict[str, Any]:
    return {"folder_id": setup.folder_id, "values": [{"attribute_id": setup.attr("Name"), "data": name}]}


async def _post(
    client: httpx.AsyncClient, setup: BoardSetup, body: dict[str, Any], key: str | None
) -> httpx.Response:
    headers = dict(setup.headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    return await client.post(setup.url("/items"), json=body, headers=headers)


async def _count(client: httpx.AsyncClient, setup: BoardSetup) -> int:
    response = await client.get(setup.url("/items"), params={"limit": 100}, headers=setup.headers)
    return len(response.json()["data"])


async def test_a_repeat_replays_the_first_response(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    first = await _post(client, setup, _item(setup, "once"), "order-1")
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = await _post(client, setup, _item(setup, "once"), "order-1")
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["content-type"] == first.headers["content-type"]
    assert await _count(client, setup) == 1

    # Without a key, the same request runs again.
    assert (await _post(client, setup, _item(setup, "once"), None)).status_code == 201
    assert await _count(client, setup) == 2

    # DELETE and PATCH replay too.
    url = setup.url(f"/items/{first.json()['id']}")
    headers = {**setup.headers, "Idempotency-Key": "remove-1"}
    deleted = await client.delete(url, headers=headers)
    assert deleted.status_code == 200
    replayed = await client.delete(url, headers=headers)
    assert replayed.status_code == 200 and replayed.headers["idempotent-replayed"] == "true"
    assert replayed.json() == deleted.json()
    # A plain repeat of the DELETE, by contrast, finds nothing.
    assert (await client.delete(url, headers=setup.headers)).status_code == 404


async def test_the_same_key_for_another_request_is_refused(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    assert (await _post(client, setup, _item(setup, "a"), "k-2")).status_code == 201
    for body, method, path in (
        (_item(setup, "b"), "POST", "/items"),
        (_item(setup, "a"), "PUT", "/items"),
    ):
        response = await client.request(
            method,
            setup.url(path),
            json=body,
            params={"match": setup.attr("Name")} if method == "PUT" else None,
            headers={**setup.headers, "Idempotency-Key": "k-2"},
        )
        assert response.status_code == 422, response.text
        assert response.json()["code"] == "general/idempotency-key-reused"
        assert "Idempotency-Key" in response.json()["errors"]
    assert await _count(client, setup) == 1


async def test_bad_keys_are_refused(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    for key in (b"x" * 256, b"", "naïve".encode()):
        headers = {**setup.headers, "Idempotency-Key": key}
        response = await client.post(setup.url("/items"), json=_item(setup, "x"), headers=headers)
        assert response.status_code == 400, (key, response.text)
        assert response.json()["code"] == "general/idempotency-key-invalid"
    assert (await _post(client, setup, _item(setup, "x"), "x" * 255)).status_code == 201
    assert await _count(client, setup) == 1


async def test_keys_belong_to_their_user(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    other = await board_setup(app, await factories.account(app))
    mine = await _post(client, setup, _item(setup, "mine"), "shared-key")
    theirs = await _post(client, other, _item(other, "mine"), "shared-key")
    assert mine.status_code == theirs.status_code == 201
    assert "idempotent-replayed" not in theirs.headers
    assert mine.json()["id"] != theirs.json()["id"]


async def test_a_failed_request_is_not_stored(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    bad = {"folder_id": "missing"}
    assert (await _post(client, setup, bad, "k-fail")).status_code == 422
    # Nothing was written, so the key is free: the corrected request runs.
    fixed = await _post(client, setup, _item(setup, "fixed"), "k-fail")
    assert fixed.status_code == 201 and "idempotent-replayed" not in fixed.headers
    assert await _count(client, setup) == 1


async def test_a_repeat_while_the_first_runs_conflicts(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    # The first request with this key is running (claimed, no response yet): the fingerprint
    # is taken from a real request first, then its stored response is cleared.
    first = await _post(client, setup, _item(setup, "slow"), "k-run")
    assert first.status_code == 201
    async with app.state.db.transaction() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == "k-run")
            .values(status_code=None, body=None, created_at=utcnow())
        )
    response = await _post(client, setup, _item(setup, "slow"), "k-run")
    assert response.status_code == 409, response.text
    assert response.json()["code"] == "general/idempotency-key-in-use"

    # A claim left by a server that stopped mid-request is taken over once it is stale.
    async with app.state.db.transaction() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == "k-run")
            .values(created_at=utcnow() - store.STALE_AFTER - timedelta(seconds=1))
        )
    retried = await _post(client, setup, _item(setup, "slow"), "k-run")
    assert retried.status_code == 201 and "idempotent-replayed" not in retried.headers
    assert await _count(client, setup) == 2


async def test_keys_expire_after_24_hours(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    setup = await board_setup(app, owner)
    assert (await _post(client, setup, _item(setup, "day"), "k-day")).status_code == 201
    async with app.state.db.transaction() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == "k-day")
            .values(created_at=utcnow() - store.KEEP_FOR - timedelta(seconds=1))
        )
    again = await _post(client, setup, _item(setup, "day"), "k-day")
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert await _count(client, setup) == 2

    async with app.state.db.transaction() as session:
        await session.execute(
            update(IdempotencyKey)
            .where(IdempotencyKey.key == "k-day")
            .values(created_at=utcnow() - store.KEEP_FOR - timedelta(seconds=1))
        )
    assert await store.forget_expired(app.state.db) >= 1
    async with app.state.db.transaction(write=False) as session:
        left = await session.scalar(
            select(func.count()).select_from(IdempotencyKey).where(IdempotencyKey.key == "k-day")
        )
    assert left == 0


async def test_unauthenticated_requests_are_not_stored(client: httpx.AsyncClient, app: FastAPI) -> None:
    response = await client.post(
        "/api/v2/workspaces/1/boards/x/items", json={}, headers={"Idempotency-Key": "anon"}
    )
    assert response.status_code == 401
    async with app.state.db.transaction(write=False) as session:
        assert await session.scalar(select(func.count()).where(IdempotencyKey.key == "anon")) == 0
