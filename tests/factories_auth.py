"""Test data for accounts, sign-in and OAuth, made through the real service functions."""

from __future__ import annotations

import base64
import hashlib
import html
import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import FastAPI

from openinfinity.accounts.users import service as users
from openinfinity.auth import accounts
from openinfinity.auth import service as auth
from openinfinity.oauth import clients
from openinfinity.oauth.models import OAuthClient
from tests import factories

PASSWORD = "correct horse battery staple"
REDIRECT = "https://app.example.com/callback"


@dataclass
class Client:
    id: int
    client_id: str
    secret: str | None
    redirect_uri: str


async def with_password(app: FastAPI, **kwargs: str) -> factories.Account:
    """An owner account (as factories.account) whose user can also sign in with PASSWORD."""
    acct = await factories.account(app, **kwargs)
    async with app.state.db.transaction() as session:
        await accounts.set_password(session, await users.get_user(session, acct.user_id), PASSWORD)
    return acct


async def admin(app: FastAPI) -> factories.Account:
    """An instance administrator with a token holding every scope (admin included)."""
    acct = await with_password(app, name="Ada Admin")
    async with app.state.db.transaction() as session:
        user = await users.get_user(session, acct.user_id)
        user.is_instance_admin = True
        await session.flush()
        _, raw = await auth.issue_token(
            session, user, name="admin", scopes=["read", "write", "members", "hooks", "admin"]
        )
    acct.token = raw
    acct.headers = {"Authorization": f"Bearer {raw}"}
    return acct


async def oauth_client(
    app: FastAPI, owner_id: int, *, public: bool = False, redirect_uris: list[str] | None = None
) -> Client:
    uris = redirect_uris or [REDIRECT]
    async with app.state.db.transaction() as session:
        row, secret = await clients.register(
            session, owner_id=owner_id, name="Roadmap Sync", redirect_uris=uris, public=public
        )
    return Client(row.id, row.client_id, secret, uris[0])


async def client_row(app: FastAPI, client_id: str) -> OAuthClient:
    async with app.state.db.transaction(write=False) as session:
        return (await clients.find_active(session, {client_id}))[client_id]


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, "page has no CSRF field"
    return html.unescape(match.group(1))


def hidden_fields(page: str) -> dict[str, str]:
    return {
        html.unescape(k): html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    }


async def sign_in(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    page = await http.get("/signin")
    return await http.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": csrf_token(page.text), "next": "/profile"},
    )


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def consent(http: httpx.AsyncClient, params: dict[str, str], decision: str = "allow") -> httpx.Response:
    """Open the consent page for `params` and submit `decision`; returns the POST response."""
    page = await http.get("/oauth/authorize", params=params)
    assert page.status_code == 200, page.text
    return await http.post("/oauth/authorize", data={**hidden_fields(page.text), "decision": decision})


async def authorization_code(
    http: httpx.AsyncClient, client: Client, *, scope: str = "read write", state: str = "xyz"
) -> tuple[str, str]:
    """Run the consent step for a signed-in `http`; returns (code, code_verifier)."""
    verifier, challenge = pkce_pair()
    response = await consent(
        http,
        {
            "response_type": "code",
            "client_id": client.client_id,
            "redirect_uri": client.redirect_uri,
            "scope": scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    assert response.status_code == 302, response.text
    params = query_of(response.headers["location"])
    assert params["state"] == state
    return params["code"], verifier


async def exchange_code(
    http: httpx.AsyncClient, client: Client, code: str, verifier: str | None, **extra: str
) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": client.redirect_uri}
    if verifier is not None:
        data["code_verifier"] = verifier
    auth_header = None
    if client.secret:
        auth_header = httpx.BasicAuth(client.client_id, client.secret)
    else:
        data["client_id"] = client.client_id
    data.update(extra)
    return await http.post("/oauth/token", data=data, auth=auth_header)
