"""Issue 20 #11: a token made with a token never outlives or out-scopes it."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx

from tests.factories import Account


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def _create(client: httpx.AsyncClient, token: str, **body: object) -> httpx.Response:
    return await client.post(
        "/api/v2/profile/tokens", json={"name": "t", **body}, headers={"Authorization": f"Bearer {token}"}
    )


async def test_a_child_token_expires_no_later_than_its_parent(
    client: httpx.AsyncClient, owner: Account
) -> None:
    parent = await _create(client, owner.token, expires_in_days=1)
    assert parent.status_code == 201, parent.text
    parent_expiry = _at(parent.json()["expires_at"])
    for body in ({}, {"expires_in_days": 30}, {"expires_in_days": 3650}):
        child = await _create(client, parent.json()["token"], **body)
        assert child.status_code == 201, child.text
        assert child.json()["expires_at"] is not None, body  # before: "never expires"
        assert _at(child.json()["expires_at"]) <= parent_expiry, (body, child.json())
        # ... and neither does its own child.
        grandchild = await _create(client, child.json()["token"])
        assert grandchild.status_code == 201, grandchild.text
        assert _at(grandchild.json()["expires_at"]) <= parent_expiry
    # A shorter expiry than the parent's is kept.
    short = await _create(client, owner.token, expires_in_days=10)
    child = await _create(client, short.json()["token"], expires_in_days=2)
    assert _at(child.json()["expires_at"]) <= _at(short.json()["expires_at"]) - timedelta(days=7)
    # A token without expiry makes tokens that last as asked.
    free = await _create(client, owner.token)
    assert free.json()["expires_at"] is None


async def test_a_child_token_has_no_scope_its_parent_lacks(client: httpx.AsyncClient, owner: Account) -> None:
    parent = await _create(client, owner.token, scopes=["read", "write"])
    assert parent.status_code == 201, parent.text
    for scopes in (["read", "write", "members"], ["hooks"], None):
        child = await _create(client, parent.json()["token"], scopes=scopes)
        assert child.status_code == 422, (scopes, child.text)
        assert child.json()["invalidFields"] == ["scopes"]
    child = await _create(client, parent.json()["token"], scopes=["read"])
    assert child.status_code == 201 and child.json()["scopes"] == ["read"]
