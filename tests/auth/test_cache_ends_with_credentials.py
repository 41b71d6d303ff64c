"""The token cache is cleared by the commit that ends a credential (auth/ended.py), whatever the
path: each one below uses the credential first (so it sits in the cache), ends it, and expects
the very next request with it to be refused."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.auth.principal import Principal
from tests import factories
from tests import factories_auth as fa

PROFILE = "/api/v2/profile"


async def _personal_token(client: httpx.AsyncClient, owner: factories.Account) -> tuple[int, str]:
    created = await client.post("/api/v2/profile/tokens", json={"name": "CI"}, headers=owner.headers)
    assert created.status_code == 201, created.text
    return created.json()["id"], created.json()["token"]


async def _oauth_token(client: httpx.AsyncClient, app: FastAPI) -> tuple[fa.Client, str, factories.Account]:
    user = await fa.with_password(app)
    app_client = await fa.oauth_client(app, user.user_id, public=True)
    await fa.sign_in(client, user.email)
    code, verifier = await fa.authorization_code(client, app_client)
    issued = (await fa.exchange_code(client, app_client, code, verifier)).json()
    return app_client, issued["access_token"], user


Path = Callable[[httpx.AsyncClient, FastAPI, factories.Account], Awaitable[dict[str, str]]]


async def api_token_delete(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account
) -> dict[str, str]:
    token_id, secret = await _personal_token(client, owner)
    headers = {"x-api-token": secret}
    assert (await client.get(PROFILE, headers=headers)).status_code == 200
    revoked = await client.delete(f"/api/v2/profile/tokens/{token_id}", headers=owner.headers)
    assert revoked.status_code == 200
    return headers


async def admin_token_revoke(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account
) -> dict[str, str]:
    admin = await fa.admin(app)
    token_id, secret = await _personal_token(client, owner)
    headers = {"x-api-token": secret}
    assert (await client.get(PROFILE, headers=headers)).status_code == 200
    revoked = await client.delete(f"/api/v2/admin/tokens/{token_id}", headers=admin.headers)
    assert revoked.status_code == 200
    return headers


async def admin_deactivate(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account
) -> dict[str, str]:
    admin = await fa.admin(app)
    assert (await client.get(PROFILE, headers=owner.headers)).status_code == 200
    patched = await client.patch(
        f"/api/v2/admin/users/{owner.user_id}", json={"active": False}, headers=admin.headers
    )
    assert patched.status_code == 200
    return owner.headers


async def oauth_revoke(client: httpx.AsyncClient, app: FastAPI, owner: factories.Account) -> dict[str, str]:
    app_client, access, _ = await _oauth_token(client, app)
    headers = {"Authorization": f"Bearer {access}"}
    assert (await client.get(PROFILE, headers=headers)).status_code == 200
    revoked = await client.post("/oauth/revoke", data={"token": access, "client_id": app_client.client_id})
    assert revoked.status_code == 200
    return headers


async def oauth_application_delete(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account
) -> dict[str, str]:
    app_client, access, user = await _oauth_token(client, app)
    headers = {"Authorization": f"Bearer {access}"}
    assert (await client.get(PROFILE, headers=headers)).status_code == 200
    deleted = await client.delete(f"/api/v2/profile/clients/{app_client.id}", headers=user.headers)
    assert deleted.status_code == 200, deleted.text
    return headers


async def password_change_ends_sessions(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account
) -> dict[str, str]:
    """A new password ends every browser session (as a password reset does)."""
    user = await fa.with_password(app)
    assert (await fa.sign_in(client, user.email)).status_code == 303
    cookie = {"Cookie": f"oi_session={client.cookies['oi_session']}"}
    client.cookies.clear()
    assert (await client.get(PROFILE, headers=cookie)).status_code == 200
    admin = await fa.admin(app)
    patched = await client.patch(
        f"/api/v2/admin/users/{user.user_id}",
        json={"password": "another long password 42"},
        headers=admin.headers,
    )
    assert patched.status_code == 200, patched.text
    return cookie


PATHS = [
    api_token_delete,
    admin_token_revoke,
    admin_deactivate,
    oauth_revoke,
    oauth_application_delete,
    password_change_ends_sessions,
]


@pytest.mark.parametrize("end", PATHS, ids=lambda f: f.__name__)
async def test_the_next_request_is_refused(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account, end: Path
) -> None:
    headers = await end(client, app, owner)
    refused = await client.get(PROFILE, headers=headers)
    assert refused.status_code == 401, refused.text


async def test_using_a_token_keeps_the_cache(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account
) -> None:
    """Recording a token's `last_used_at` is a write to the token row too, and must not clear."""
    sentinel = Principal(
        user_id=0, token_id=None, scopes=frozenset(), workspace_id=None, is_instance_admin=False
    )
    app.state.token_cache.put("sentinel", sentinel, None)
    _, secret = await _personal_token(client, owner)
    assert (await client.get(PROFILE, headers={"x-api-token": secret})).status_code == 200
    assert app.state.token_cache.get("sentinel") == (sentinel, None)
