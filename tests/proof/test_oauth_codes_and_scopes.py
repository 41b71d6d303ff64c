"""Issue 20, also seen: an authorization code whose PKCE verification failed is burned (not open to
more guesses), and a request for only `admin` by a user who is not an administrator is refused
with invalid_scope instead of answering `"scope": ""` for a token that holds `read`."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests import factories_auth as fa


async def test_a_code_whose_pkce_check_failed_is_burned(client: httpx.AsyncClient, app: FastAPI) -> None:
    user = await fa.with_password(app)
    app_client = await fa.oauth_client(app, user.user_id, public=True)
    assert (await fa.sign_in(client, user.email)).status_code == 303
    code, verifier = await fa.authorization_code(client, app_client)

    wrong = await fa.exchange_code(client, app_client, code, fa.pkce_pair()[0])
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant", wrong.text
    # The right verifier after a failed one: the code is spent (before: 200 and a token).
    right = await fa.exchange_code(client, app_client, code, verifier)
    assert right.status_code == 400 and right.json()["error"] == "invalid_grant", right.text

    # A missing verifier fails the check the same way and burns the code too.
    code, verifier = await fa.authorization_code(client, app_client)
    missing = await fa.exchange_code(client, app_client, code, None)
    assert missing.status_code == 400, missing.text
    assert (await fa.exchange_code(client, app_client, code, verifier)).status_code == 400

    # An untouched code still works once, with its verifier.
    code, verifier = await fa.authorization_code(client, app_client)
    ok = await fa.exchange_code(client, app_client, code, verifier)
    assert ok.status_code == 200, ok.text


def _params(app_client: fa.Client, scope: str | None, challenge: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": app_client.client_id,
        "redirect_uri": app_client.redirect_uri,
        "state": "s1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if scope is not None:
        params["scope"] = scope
    return params


async def test_admin_only_request_by_a_non_admin_is_refused_with_invalid_scope(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    app_client = await fa.oauth_client(app, user.user_id, public=True)
    assert (await fa.sign_in(client, user.email)).status_code == 303
    verifier, challenge = fa.pkce_pair()

    # Before: a consent page, then a token whose answer said "scope": "" while it held `read`.
    page = await client.get("/oauth/authorize", params=_params(app_client, "admin", challenge))
    assert page.status_code == 302, page.text
    returned = fa.query_of(page.headers["location"])
    assert page.headers["location"].startswith(app_client.redirect_uri + "?")
    assert returned["error"] == "invalid_scope" and returned["state"] == "s1"
    assert "code" not in returned

    # Asking for admin among others grants the others, and the answer names exactly them.
    code, verifier = await fa.authorization_code(client, app_client, scope="admin read")
    token = await fa.exchange_code(client, app_client, code, verifier)
    assert token.status_code == 200 and token.json()["scope"] == "read", token.text
    # No scope at all: read, and the answer says so (before: "scope": "").
    verifier, challenge = fa.pkce_pair()
    response = await fa.consent(client, _params(app_client, None, challenge))
    assert response.status_code == 302, response.text
    code = fa.query_of(response.headers["location"])["code"]
    token = await fa.exchange_code(client, app_client, code, verifier)
    assert token.status_code == 200 and token.json()["scope"] == "read", token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await client.get("/api/v2/workspaces", headers=headers)).status_code == 200
    assert (await client.get("/api/v2/admin/users", headers=headers)).status_code in (401, 403)


async def test_admin_only_request_by_an_admin_is_granted(client: httpx.AsyncClient, app: FastAPI) -> None:
    admin = await fa.admin(app)
    app_client = await fa.oauth_client(app, admin.user_id, public=True)
    assert (await fa.sign_in(client, admin.email)).status_code == 303
    code, verifier = await fa.authorization_code(client, app_client, scope="admin")
    token = await fa.exchange_code(client, app_client, code, verifier)
    assert token.status_code == 200 and token.json()["scope"] == "admin", token.text
