"""The signed-in profile page (tokens and applications) and invitation links."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.accounts.users import service as users
from openinfinity.auth import invitations
from tests import factories_auth as fa
from tests.factories import Account


async def test_profile_page_creates_and_revokes_tokens(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    await fa.sign_in(client, user.email)
    page = await client.get("/profile")
    created = await client.post(
        "/profile/tokens",
        data={
            "csrf_token": fa.csrf_token(page.text),
            "name": "Laptop",
            "scopes": ["read", "write"],
            "workspace_id": str(user.workspace_id),
            "expires_in_days": "7",
        },
    )
    assert created.status_code == 201
    secret = re.search(r"<code>(oi_pat_[^<]+)</code>", created.text)
    assert secret, "the new token is shown once"
    api = await client.get("/api/v2/workspaces", headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert [w["id"] for w in api.json()["data"]] == [user.workspace_id]
    listing = await client.get("/profile")
    assert "Laptop" in listing.text and secret.group(1) not in listing.text
    token_id = (await client.get("/api/v2/profile/tokens", headers=user.headers)).json()["data"][0]["id"]
    revoked = await client.post(
        f"/profile/tokens/{token_id}/revoke", data={"csrf_token": fa.csrf_token(listing.text)}
    )
    assert revoked.status_code == 303
    api = await client.get("/api/v2/workspaces", headers={"Authorization": f"Bearer {secret.group(1)}"})
    assert api.status_code == 401

    bad = await client.post(
        "/profile/tokens",
        data={"csrf_token": fa.csrf_token(listing.text), "name": "x", "scopes": ["bogus"]},
    )
    assert bad.status_code == 422 and "scopes" in bad.text


async def test_profile_page_registers_applications(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    await fa.sign_in(client, user.email)
    page = await client.get("/profile")
    created = await client.post(
        "/profile/clients",
        data={
            "csrf_token": fa.csrf_token(page.text),
            "name": "Zapier-ish",
            "redirect_uris": "https://a.example.com/cb\nhttp://localhost:8080/cb",
        },
    )
    assert created.status_code == 201
    assert re.search(r"<code>oi_cs_[^<]+</code>", created.text)
    assert "Zapier-ish" in created.text
    insecure = await client.post(
        "/profile/clients",
        data={
            "csrf_token": fa.csrf_token(page.text),
            "name": "Bad",
            "redirect_uris": "http://example.com/cb",
        },
    )
    assert insecure.status_code == 422 and "https" in insecure.text
    listed = (await client.get("/api/v2/profile/clients", headers=user.headers)).json()["data"]
    assert [c["name"] for c in listed] == ["Zapier-ish"]
    assert listed[0]["redirect_uris"] == ["https://a.example.com/cb", "http://localhost:8080/cb"]


async def test_clients_api(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    created = await client.post(
        "/api/v2/profile/clients",
        json={"name": "CLI tool", "redirect_uris": ["http://127.0.0.1:9999/cb"], "public": True},
        headers=owner.headers,
    )
    assert created.status_code == 201
    body = created.json()
    assert body["public"] is True and body["client_secret"] is None and body["object"] == "client"
    fetched = await client.get(f"/api/v2/profile/clients/{body['id']}", headers=owner.headers)
    assert fetched.status_code == 200 and "client_secret" not in fetched.json()
    bad = await client.post(
        "/api/v2/profile/clients", json={"name": "x", "redirect_uris": ["ftp://x/cb"]}, headers=owner.headers
    )
    assert bad.status_code == 422 and "redirect_uris.0" in bad.json()["errors"]
    deleted = await client.delete(f"/api/v2/profile/clients/{body['id']}", headers=owner.headers)
    assert deleted.status_code == 200
    assert (
        await client.get(f"/api/v2/profile/clients/{body['id']}", headers=owner.headers)
    ).status_code == 404


async def test_invited_user_sets_password_through_single_use_link(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="openinfinity.auth.invitations"):
        invited = await client.post(
            owner.ws("/members/invite"), json={"email": "newbie@example.com"}, headers=owner.headers
        )
    assert invited.status_code == 200
    assert set(invited.json()) == {
        "id", "object", "name", "email", "photo_url", "job", "location", "tagline", "created_at", "deleted"
    }  # fmt: skip
    logged = re.search(r"http://testserver/invitations/(oi_inv_\S+)", caplog.text)
    assert logged, "the invitation link is logged"
    link = "/invitations/" + logged.group(1)

    page = await client.get(link)
    assert page.status_code == 200 and "newbie@example.com" in page.text
    mismatch = await client.post(
        link,
        data={
            "csrf_token": fa.csrf_token(page.text),
            "password": "long enough 1",
            "password_confirmation": "other",
        },
    )
    assert mismatch.status_code == 422
    short = await client.post(
        link,
        data={"csrf_token": fa.csrf_token(page.text), "password": "short", "password_confirmation": "short"},
    )
    assert short.status_code == 422
    accepted = await client.post(
        link,
        data={
            "csrf_token": fa.csrf_token(page.text),
            "password": "a fine password",
            "password_confirmation": "a fine password",
        },
    )
    assert accepted.status_code == 303 and accepted.headers["location"] == "/"
    assert (await client.get("/profile")).status_code == 200
    async with app.state.db.transaction(write=False) as session:
        user = await users.find_by_email(session, "newbie@example.com")
        assert user is not None and user.pending is False and user.password_hash
        assert "a fine password" not in user.password_hash and user.password_hash.startswith("$argon2id$")

    # Single use.
    reused = await client.get(link)
    assert reused.status_code == 404
    fresh = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")
    async with fresh:
        assert (await fa.sign_in(fresh, "newbie@example.com", "a fine password")).status_code == 303


async def test_a_new_link_replaces_the_old_one(client: httpx.AsyncClient, app: FastAPI) -> None:
    async with app.state.db.transaction() as session:
        user, _ = await users.get_or_create(session, email="twice@example.com")
        _, first = await invitations.issue(session, user, days=7)
        _, second = await invitations.issue(session, user, days=7)
    assert (await client.get(f"/invitations/{first}")).status_code == 404
    assert (await client.get(f"/invitations/{second}")).status_code == 200
    assert (await client.get("/invitations/oi_inv_unknown")).status_code == 404
