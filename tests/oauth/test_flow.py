"""The authorization-code + PKCE flow end to end over HTTP, as a third-party application sees it."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.auth.models import AccessToken
from openinfinity.oauth.models import RefreshToken
from tests import factories_auth as fa
from tests.factories import Account


async def test_public_client_full_flow_sign_in_consent_token_refresh_revoke(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    app_client = await fa.oauth_client(app, user.user_id, public=True)

    # Not signed in: the authorization request sends the user to the sign-in page and back.
    verifier, challenge = fa.pkce_pair()
    params = {
        "response_type": "code",
        "client_id": app_client.client_id,
        "redirect_uri": app_client.redirect_uri,
        "scope": "read write",
        "state": "af0ifjsldkj",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    first = await client.get("/oauth/authorize", params=params)
    assert first.status_code == 303
    assert first.headers["location"].startswith("/signin?next=%2Foauth%2Fauthorize%3F")
    signin_page = await client.get(first.headers["location"])
    signed = await client.post(
        "/signin",
        data={
            "email": user.email,
            "password": fa.PASSWORD,
            "csrf_token": fa.csrf_token(signin_page.text),
            "next": fa.hidden_fields(signin_page.text)["next"],
        },
    )
    assert signed.status_code == 303
    assert signed.headers["location"].startswith("/oauth/authorize?")

    # Consent page names the application and the scopes.
    page = await client.get(signed.headers["location"])
    assert page.status_code == 200
    assert "Roadmap Sync" in page.text
    assert "<strong>read</strong>" in page.text and "<strong>write</strong>" in page.text
    assert "<strong>members</strong>" not in page.text
    decided = await client.post("/oauth/authorize", data={**fa.hidden_fields(page.text), "decision": "allow"})
    assert decided.status_code == 302
    location = decided.headers["location"]
    assert location.startswith(app_client.redirect_uri + "?")
    returned = fa.query_of(location)
    assert returned["state"] == "af0ifjsldkj"

    # Token request: client_id alone (public client) plus the PKCE verifier.
    token = await fa.exchange_code(client, app_client, returned["code"], verifier)
    assert token.status_code == 200, token.text
    assert token.headers["cache-control"] == "no-store"
    body = token.json()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "read write"
    assert body["expires_in"] == 3600
    assert body["access_token"].startswith("oi_oat_") and body["refresh_token"].startswith("oi_ort_")

    # The access token works like a personal token, in both headers, within its scopes.
    for headers in (
        {"Authorization": f"Bearer {body['access_token']}"},
        {"x-api-token": body["access_token"]},
    ):
        listed = await client.get("/api/v2/workspaces", headers=headers)
        assert listed.status_code == 200
        assert [w["id"] for w in listed.json()["data"]] == [user.workspace_id]
    invite = await client.post(
        user.ws("/members/invite"),
        json={"email": "x@example.com"},
        headers={"Authorization": f"Bearer {body['access_token']}"},
    )
    assert invite.status_code == 403
    assert 'scope="members"' in invite.headers["www-authenticate"]

    # Stored hashed, linked to the application.
    async with app.state.db.transaction(write=False) as session:
        rows = (
            await session.scalars(select(AccessToken).where(AccessToken.client_id == app_client.id))
        ).all()
        assert len(rows) == 1 and rows[0].kind == "oauth"
        assert body["access_token"] not in (rows[0].token_hash, rows[0].prefix)

    # Refresh with rotation: a new pair, the old refresh token is spent.
    refreshed = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": body["refresh_token"],
            "client_id": app_client.client_id,
        },
    )
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.headers["cache-control"] == "no-store"
    second = refreshed.json()
    assert second["refresh_token"] != body["refresh_token"]
    assert second["access_token"] != body["access_token"]
    assert second["scope"] == "read write"

    # Narrowing the scope on refresh is allowed, widening is not.
    narrowed = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": second["refresh_token"],
            "client_id": app_client.client_id,
            "scope": "read members",
        },
    )
    assert narrowed.status_code == 400 and narrowed.json()["error"] == "invalid_scope"

    # Revocation (RFC 7009) of the access token: it stops working at once.
    revoked = await client.post(
        "/oauth/revoke", data={"token": second["access_token"], "client_id": app_client.client_id}
    )
    assert revoked.status_code == 200
    after = await client.get(
        "/api/v2/workspaces", headers={"Authorization": f"Bearer {second['access_token']}"}
    )
    assert after.status_code == 401

    # Revoking the refresh token ends the grant: the refresh token is refused afterwards.
    await client.post(
        "/oauth/revoke", data={"token": second["refresh_token"], "client_id": app_client.client_id}
    )
    spent = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": second["refresh_token"],
            "client_id": app_client.client_id,
        },
    )
    assert spent.status_code == 400 and spent.json()["error"] == "invalid_grant"

    # Unknown tokens are not an error for the revocation endpoint (RFC 7009 section 2.2).
    unknown = await client.post("/oauth/revoke", data={"token": "nope", "client_id": app_client.client_id})
    assert unknown.status_code == 200


async def test_confidential_client_uses_basic_auth_and_gets_refresh_tokens(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    app_client = await fa.oauth_client(app, user.user_id)
    assert app_client.secret and app_client.secret.startswith("oi_cs_")
    stored = await fa.client_row(app, app_client.client_id)
    assert stored.secret_hash and app_client.secret not in stored.secret_hash
    await fa.sign_in(client, user.email)
    code, verifier = await fa.authorization_code(client, app_client, scope="read")
    token = await fa.exchange_code(client, app_client, code, verifier)
    assert token.status_code == 200, token.text
    assert token.json()["scope"] == "read"
    # client_secret_post works as well for refresh.
    refreshed = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": token.json()["refresh_token"],
            "client_id": app_client.client_id,
            "client_secret": app_client.secret,
        },
    )
    assert refreshed.status_code == 200, refreshed.text


async def test_reused_refresh_token_revokes_the_whole_grant(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    app_client = await fa.oauth_client(app, user.user_id, public=True)
    await fa.sign_in(client, user.email)
    code, verifier = await fa.authorization_code(client, app_client)
    first = (await fa.exchange_code(client, app_client, code, verifier)).json()
    data = {"grant_type": "refresh_token", "client_id": app_client.client_id}
    second = (
        await client.post("/oauth/token", data={**data, "refresh_token": first["refresh_token"]})
    ).json()
    replay = await client.post("/oauth/token", data={**data, "refresh_token": first["refresh_token"]})
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    # The legitimate-looking newer pair is gone too: the old token leaked.
    api = await client.get("/api/v2/profile", headers={"Authorization": f"Bearer {second['access_token']}"})
    assert api.status_code == 401
    newer = await client.post("/oauth/token", data={**data, "refresh_token": second["refresh_token"]})
    assert newer.status_code == 400
    async with app.state.db.transaction(write=False) as session:
        live = await session.scalars(
            select(RefreshToken).where(
                RefreshToken.client_id == app_client.id, RefreshToken.revoked_at.is_(None)
            )
        )
        assert live.all() == []


async def test_metadata_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/oauth-authorization-server")
    assert response.status_code == 200
    meta = response.json()
    assert meta["issuer"] == "http://testserver"
    assert meta["authorization_endpoint"] == "http://testserver/oauth/authorize"
    assert meta["token_endpoint"] == "http://testserver/oauth/token"
    assert meta["revocation_endpoint"] == "http://testserver/oauth/revoke"
    assert meta["scopes_supported"] == ["read", "write", "members", "hooks", "admin"]
    assert meta["response_types_supported"] == ["code"]
    assert meta["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert meta["code_challenge_methods_supported"] == ["S256"]


async def test_oauth_token_cannot_manage_personal_tokens(client: httpx.AsyncClient, app: FastAPI) -> None:
    user: Account = await fa.with_password(app)
    app_client = await fa.oauth_client(app, user.user_id, public=True)
    await fa.sign_in(client, user.email)
    code, verifier = await fa.authorization_code(client, app_client, scope="read write")
    access = (await fa.exchange_code(client, app_client, code, verifier)).json()["access_token"]
    created = await client.post(
        "/api/v2/profile/tokens", json={"name": "escalate"}, headers={"Authorization": f"Bearer {access}"}
    )
    assert created.status_code == 403
    assert created.json()["code"] == "general/forbidden"
