"""Every way an authorization or token request can be wrong, answered as RFC 6749 says."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from openinfinity.auth import tokens
from openinfinity.core.models import utcnow
from openinfinity.oauth.models import AuthorizationCode
from tests import factories_auth as fa


@pytest.fixture
async def signed_in(
    client: httpx.AsyncClient, app: FastAPI
) -> tuple[httpx.AsyncClient, fa.Client, fa.Client]:
    """A signed-in browser plus a public and a confidential application."""
    user = await fa.with_password(app)
    public = await fa.oauth_client(app, user.user_id, public=True)
    confidential = await fa.oauth_client(app, user.user_id)
    response = await fa.sign_in(client, user.email)
    assert response.status_code == 303
    return client, public, confidential


def _params(app_client: fa.Client, **overrides: str) -> dict[str, str]:
    _, challenge = fa.pkce_pair()
    params = {
        "response_type": "code",
        "client_id": app_client.client_id,
        "redirect_uri": app_client.redirect_uri,
        "scope": "read",
        "state": "s-123",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v != ""}


async def test_unknown_client_is_an_error_page_never_a_redirect(signed_in) -> None:  # type: ignore[no-untyped-def]
    http, public, _ = signed_in
    response = await http.get("/oauth/authorize", params=_params(public, client_id="unknown-client"))
    assert response.status_code == 400
    assert "location" not in response.headers
    assert "invalid_client" in response.text


async def test_unregistered_redirect_uri_is_not_followed(signed_in) -> None:  # type: ignore[no-untyped-def]
    http, public, _ = signed_in
    for uri in (
        "https://evil.example.com/callback",
        public.redirect_uri + "/extra",
        public.redirect_uri + "?a=1",
    ):
        response = await http.get("/oauth/authorize", params=_params(public, redirect_uri=uri))
        assert response.status_code == 400, uri
        assert "location" not in response.headers
        assert "invalid_request" in response.text


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        (
            {"code_challenge": "", "code_challenge_method": ""},
            "invalid_request",
        ),  # public client without PKCE
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge_method": ""}, "invalid_request"),
        ({"code_challenge": "short"}, "invalid_request"),
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "read everything"}, "invalid_scope"),
    ],
)
async def test_bad_authorization_requests_redirect_with_error_and_state(
    signed_in,  # type: ignore[no-untyped-def]
    overrides: dict[str, str],
    error: str,
) -> None:
    http, public, _ = signed_in
    response = await http.get("/oauth/authorize", params=_params(public, **overrides))
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(public.redirect_uri + "?")
    returned = fa.query_of(location)
    assert returned["error"] == error
    assert returned["state"] == "s-123"
    assert "code" not in returned


async def test_denied_consent_redirects_with_access_denied(signed_in) -> None:  # type: ignore[no-untyped-def]
    http, public, _ = signed_in
    response = await fa.consent(http, _params(public), decision="deny")
    assert response.status_code == 302
    returned = fa.query_of(response.headers["location"])
    assert returned["error"] == "access_denied" and returned["state"] == "s-123"
    assert "code" not in returned


async def test_consent_post_without_csrf_token_is_refused(signed_in) -> None:  # type: ignore[no-untyped-def]
    http, public, _ = signed_in
    page = await http.get("/oauth/authorize", params=_params(public))
    fields = fa.hidden_fields(page.text)
    fields.pop("csrf_token")
    response = await http.post("/oauth/authorize", data={**fields, "decision": "allow"})
    assert response.status_code == 403
    assert "location" not in response.headers


async def test_token_errors(signed_in, app: FastAPI) -> None:  # type: ignore[no-untyped-def]
    http, public, confidential = signed_in

    # Bad client: unknown id, wrong secret (401 with a challenge), confidential without a secret.
    code, verifier = await fa.authorization_code(http, confidential)
    unknown = await http.post(
        "/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": "nope",
            "code_verifier": verifier,
        },
    )
    assert unknown.status_code in (400, 401) and unknown.json()["error"] == "invalid_client"
    wrong_secret = fa.Client(
        confidential.id, confidential.client_id, "oi_cs_wrong", confidential.redirect_uri
    )
    response = await fa.exchange_code(http, wrong_secret, code, verifier)
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic")
    assert response.headers["cache-control"] == "no-store"
    no_secret = fa.Client(confidential.id, confidential.client_id, None, confidential.redirect_uri)
    response = await fa.exchange_code(http, no_secret, code, verifier)
    assert response.json()["error"] == "invalid_client"

    # Bad redirect_uri at the token endpoint.
    response = await fa.exchange_code(
        http, confidential, code, verifier, redirect_uri="https://app.example.com/other"
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"

    # A code issued to one client cannot be redeemed by another.
    response = await fa.exchange_code(http, public, code, verifier)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"

    # The right request still works after all those failures (nothing was consumed), exactly once.
    first = await fa.exchange_code(http, confidential, code, verifier)
    assert first.status_code == 200, first.text
    reused = await fa.exchange_code(http, confidential, code, verifier)
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"
    # Replaying a code revokes what it produced (RFC 6749 section 4.1.2).
    api = await http.get(
        "/api/v2/profile", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
    )
    assert api.status_code == 401

    # PKCE: a missing, wrong or malformed verifier fails, and burns the code (issue 20: one
    # attempt per code): the right verifier afterwards is refused too.
    for bad, error in (
        (None, "invalid_request"),
        (fa.pkce_pair()[0], "invalid_grant"),
        ("x", "invalid_request"),
    ):
        code, verifier = await fa.authorization_code(http, confidential)
        response = await fa.exchange_code(http, confidential, code, bad)
        assert response.status_code == 400 and response.json()["error"] == error
        after = await fa.exchange_code(http, confidential, code, verifier)
        assert after.status_code == 400 and after.json()["error"] == "invalid_grant"

    # Unsupported grant types and missing parameters.
    response = await http.post(
        "/oauth/token",
        data={"grant_type": "password", "username": "a", "password": "b", "client_id": public.client_id},
    )
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"
    response = await http.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(confidential.client_id, confidential.secret or ""),
    )
    assert response.json()["error"] == "unsupported_grant_type"
    response = await http.post(
        "/oauth/token", data={"grant_type": "authorization_code", "client_id": public.client_id}
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    response = await http.post("/oauth/token", data={})
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"


async def test_expired_code_is_refused(signed_in, app: FastAPI) -> None:  # type: ignore[no-untyped-def]
    http, public, _ = signed_in
    code, verifier = await fa.authorization_code(http, public)
    async with app.state.db.transaction() as session:
        await session.execute(
            update(AuthorizationCode)
            .where(AuthorizationCode.code_hash == tokens.hash_token(code))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    response = await fa.exchange_code(http, public, code, verifier)
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


async def test_codes_expire_within_minutes(signed_in, app: FastAPI) -> None:  # type: ignore[no-untyped-def]
    http, public, _ = signed_in
    code, _ = await fa.authorization_code(http, public)
    async with app.state.db.transaction(write=False) as session:
        from sqlalchemy import select

        row = await session.scalar(
            select(AuthorizationCode).where(AuthorizationCode.code_hash == tokens.hash_token(code))
        )
        assert row is not None
        assert timedelta(0) < row.expires_at - utcnow() <= timedelta(minutes=5)
        assert row.code_challenge_method == "S256"


async def test_revocation_requires_the_owning_client(signed_in) -> None:  # type: ignore[no-untyped-def]
    http, public, confidential = signed_in
    code, verifier = await fa.authorization_code(http, public)
    issued = (await fa.exchange_code(http, public, code, verifier)).json()
    other = await http.post(
        "/oauth/revoke",
        data={"token": issued["access_token"]},
        auth=(confidential.client_id, confidential.secret or ""),
    )
    assert other.status_code == 400 and other.json()["error"] == "invalid_grant"
    still = await http.get("/api/v2/profile", headers={"Authorization": f"Bearer {issued['access_token']}"})
    assert still.status_code == 200
    bad_client = await http.post("/oauth/revoke", data={"token": issued["access_token"], "client_id": "nope"})
    assert bad_client.json()["error"] == "invalid_client"
    missing = await http.post("/oauth/revoke", data={"client_id": public.client_id})
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"


async def test_admin_scope_is_not_granted_to_non_admins(signed_in) -> None:  # type: ignore[no-untyped-def]
    http, public, _ = signed_in
    code, verifier = await fa.authorization_code(http, public, scope="read admin")
    issued = (await fa.exchange_code(http, public, code, verifier)).json()
    assert issued["scope"] == "read"
    admin_api = await http.get(
        "/api/v2/admin/users", headers={"Authorization": f"Bearer {issued['access_token']}"}
    )
    assert admin_api.status_code == 403


async def test_simultaneous_redemptions_of_one_code_issue_one_token(signed_in) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    http, public, _ = signed_in
    code, verifier = await fa.authorization_code(http, public)
    results = await asyncio.gather(*(fa.exchange_code(http, public, code, verifier) for _ in range(3)))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 400, 400], [r.text for r in results]
    assert all(r.json()["error"] == "invalid_grant" for r in results if r.status_code == 400)
