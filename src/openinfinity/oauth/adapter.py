"""What Authlib's framework-agnostic server needs from us: a request object and plain models.

Authlib's server code is synchronous and calls back into us for storage (query_client,
save_token, ...). We never let those callbacks touch the database. Instead the async route:

1. reads the request and preloads every row Authlib could ask for (client, code, refresh token,
   user) into an `Exchange` (see flow.py);
2. runs Authlib synchronously on that plain data; callbacks read from the Exchange and record
   their writes as intents on it (no I/O, so the event loop is never blocked);
3. applies the intents in the request's transaction, with conditional UPDATEs where the protocol
   demands single use (codes, rotated refresh tokens), and only then sends Authlib's response.

This keeps one async session per request and avoids a second, synchronous database driver and a
thread per OAuth request. The current Exchange reaches the callbacks through a ContextVar, which
is per-task and therefore safe under concurrency.
"""

from __future__ import annotations

import contextvars
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request

from openinfinity.accounts.users.models import User
from openinfinity.auth import tokens
from openinfinity.auth.models import AccessToken
from openinfinity.auth.scopes import ALL_SCOPES
from openinfinity.oauth.models import AuthorizationCode, OAuthClient, RefreshToken


class Payload(OAuth2Payload):
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in pairs:
            self._datalist[key].append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


class Request(OAuth2Request):
    """An OAuth2Request built from an already-read Starlette request.

    Authlib's constructor refuses plain-http URIs outside localhost. Transport security is the
    deployment's concern here (the same bearer tokens travel over the same listener, and the issuer
    is OPENINFINITY_PUBLIC_URL), so the attributes are set directly instead.
    """

    def __init__(
        self, method: str, uri: str, headers: Any, query: list[tuple[str, str]], form: list[tuple[str, str]]
    ) -> None:
        self.method = method
        self.uri = uri
        self.headers = headers
        self._body = None
        self.client = None
        self.auth_method = None
        self.user = None
        self.authorization_code = None
        self.refresh_token = None
        self.credential = None
        self._scope = None
        self._args = dict(query)
        self._form = {k: v for k, v in reversed(form)}
        self.payload = Payload(query + form if method == "GET" else form + query)

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


def scope_list(scope: str | None) -> list[str]:
    wanted = set((scope or "").split())
    return [s for s in ALL_SCOPES if s in wanted]


class ClientView:
    """Authlib's ClientMixin over an OAuthClient row."""

    def __init__(self, row: OAuthClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> str | None:
        uris = self.row.redirect_uris
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str:
        # No scope requested: read-only, the least the application can do anything with.
        return " ".join(scope_list(scope)) if scope else "read"

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.row.redirect_uris  # exact string match, no prefixes

    def check_client_secret(self, client_secret: str) -> bool:
        import hmac

        if self.row.secret_hash is None:
            return False
        return hmac.compare_digest(self.row.secret_hash, tokens.hash_token(client_secret))

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.row.is_public:
            return method == "none"
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token")


@dataclass
class CodeView:
    row: AuthorizationCode

    @property
    def code_challenge(self) -> str | None:
        return self.row.code_challenge

    @property
    def code_challenge_method(self) -> str | None:
        return self.row.code_challenge_method

    def get_redirect_uri(self) -> str | None:
        return self.row.redirect_uri

    def get_scope(self) -> str:
        return " ".join(self.row.scopes)


@dataclass
class RefreshView:
    row: RefreshToken

    def get_scope(self) -> str:
        return " ".join(self.row.scopes)

    def check_client(self, client: ClientView) -> bool:
        return self.row.client_id == client.row.id


@dataclass
class AccessView:
    row: AccessToken

    def check_client(self, client: ClientView) -> bool:
        return self.row.client_id == client.row.id


@dataclass
class Issued:
    """A token pair Authlib generated, to be stored after the grant is confirmed."""

    access_token: str
    refresh_token: str | None
    scopes: list[str]
    expires_at: datetime


@dataclass
class Exchange:
    """Everything one OAuth request may read (preloaded) and write (intents)."""

    clients: dict[str, OAuthClient] = field(default_factory=dict)
    code: AuthorizationCode | None = None
    refresh: RefreshToken | None = None
    access: AccessToken | None = None  # revocation target when it is an access token
    users: dict[int, User] = field(default_factory=dict)
    signed_in: User | None = None
    # intents
    new_code: AuthorizationCode | None = None
    issued: list[Issued] = field(default_factory=list)
    consume_code: AuthorizationCode | None = None
    burn_code: AuthorizationCode | None = None  # its PKCE verification failed: never usable again
    rotate_refresh: RefreshToken | None = None
    revoke_access: AccessToken | None = None
    revoke_family: str | None = None
    replayed_family: str | None = None
    family: str | None = None
    grant_user: User | None = None


current: contextvars.ContextVar[Exchange] = contextvars.ContextVar("oauth_exchange")
