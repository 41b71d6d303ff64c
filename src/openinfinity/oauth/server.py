"""Authlib's authorization server, wired to our models through the Exchange (see adapter.py).

Every callback here is synchronous and free of I/O: it reads preloaded rows and records intents.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import InvalidGrantError, InvalidRequestError, InvalidScopeError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7636 import CodeChallenge

from openinfinity.accounts.users.models import User
from openinfinity.auth import tokens
from openinfinity.auth.scopes import ADMIN, ALL_SCOPES
from openinfinity.core.config import Settings
from openinfinity.core.models import utcnow
from openinfinity.oauth.adapter import (
    AccessView,
    ClientView,
    CodeView,
    Issued,
    RefreshView,
    current,
    scope_list,
)
from openinfinity.oauth.models import AuthorizationCode

ACCESS_PREFIX = tokens.OAUTH_PREFIX
REFRESH_PREFIX = "oi_ort_"
CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]


DEFAULT_GRANT = "read"  # no scope requested: read-only, the least an application can use


def granted_scopes(requested: str | None, user: User) -> list[str]:
    """What the user can actually grant: admin only for instance administrators. Empty when
    every requested scope is beyond the user (the request is then refused, never widened)."""
    wanted = scope_list(requested) if requested else [DEFAULT_GRANT]
    return [s for s in wanted if s != ADMIN or user.is_instance_admin]


class S256CodeChallenge(CodeChallenge):
    """PKCE with S256 only; required for public clients, optional (but checked) for confidential ones."""

    DEFAULT_CODE_CHALLENGE_METHOD = "S256"
    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        client: ClientView = grant.request.client
        if client.row.is_public and not data.get("code_challenge"):
            raise InvalidRequestError("Public clients must send a 'code_challenge' (PKCE, S256).")
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be 'S256'.")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant: Any, result: Any) -> None:
        """A failed verification burns the code: otherwise whoever intercepted it could keep
        guessing verifiers (RFC 9700 section 2.1.1 wants a code usable for one attempt)."""
        try:
            super().validate_code_verifier(grant, result)
        except OAuth2Error:
            code: CodeView | None = grant.request.authorization_code
            if code is not None:
                current.get().burn_code = code.row
            raise


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def validate_consent_request(self) -> None:
        """Once the user is known: a request for scopes none of which they can grant (only
        `admin`, by someone who is not an administrator) is refused with invalid_scope, rather
        than answered with a token of another scope than the one reported."""
        super().validate_consent_request()
        user: User | None = self.request.user
        if user is not None and not granted_scopes(self.request.payload.scope, user):
            raise InvalidScopeError(
                "None of the requested scopes can be granted by this user.",
                state=self.request.payload.state,
                redirect_uri=self.redirect_uri,
            )

    def save_authorization_code(self, code: str, request: Any) -> None:
        exchange = current.get()
        user: User = request.user
        data = request.payload.data
        exchange.new_code = AuthorizationCode(
            code_hash=tokens.hash_token(code),
            client_id=request.client.row.id,
            user_id=user.id,
            redirect_uri=request.payload.redirect_uri,
            scopes=granted_scopes(request.scope, user),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method") if data.get("code_challenge") else None,
            family=str(uuid.uuid4()),
            expires_at=utcnow() + timedelta(seconds=self.server.settings.oauth_code_seconds),
        )

    def query_authorization_code(self, code: str, client: ClientView) -> CodeView | None:
        exchange = current.get()
        row = exchange.code
        if row is None or row.code_hash != tokens.hash_token(code) or row.client_id != client.row.id:
            return None
        if row.used_at is not None:
            # A replayed code: refuse it and revoke what it produced (RFC 6749 section 4.1.2).
            exchange.replayed_family = row.family
            return None
        if row.expires_at <= utcnow():
            return None
        return CodeView(row)

    def delete_authorization_code(self, authorization_code: CodeView) -> None:
        current.get().consume_code = authorization_code.row

    def authenticate_user(self, authorization_code: CodeView) -> User | None:
        exchange = current.get()
        exchange.family = authorization_code.row.family
        exchange.grant_user = _active(exchange.users.get(authorization_code.row.user_id))
        return exchange.grant_user


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = CLIENT_AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation: every refresh returns a new refresh token

    def authenticate_refresh_token(self, refresh_token: str) -> RefreshView | None:
        exchange = current.get()
        row = exchange.refresh
        if row is None or row.token_hash != tokens.hash_token(refresh_token):
            return None
        if row.revoked_at is not None:
            # Reuse of a rotated token means it leaked: end the whole grant.
            exchange.replayed_family = row.family
            return None
        if row.expires_at <= utcnow():
            return None
        return RefreshView(row)

    def authenticate_user(self, refresh_token: RefreshView) -> User | None:
        exchange = current.get()
        exchange.family = refresh_token.row.family
        user = _active(exchange.users.get(refresh_token.row.user_id))
        if user is None:
            raise InvalidGrantError("The user of this grant is no longer active.")
        exchange.grant_user = user
        return user

    def revoke_old_credential(self, refresh_token: RefreshView) -> None:
        current.get().rotate_refresh = refresh_token.row


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = CLIENT_AUTH_METHODS

    def query_token(self, token_string: str, token_type_hint: str | None) -> AccessView | RefreshView | None:
        exchange = current.get()
        digest = tokens.hash_token(token_string)
        if exchange.refresh is not None and exchange.refresh.token_hash == digest:
            return RefreshView(exchange.refresh)
        if exchange.access is not None and exchange.access.token_hash == digest:
            return AccessView(exchange.access)
        return None

    def revoke_token(self, token: AccessView | RefreshView, request: Any) -> None:
        exchange = current.get()
        if isinstance(token, RefreshView):
            # RFC 7009 section 2.1: revoking a refresh token also ends its access tokens.
            exchange.revoke_family = token.row.family
        else:
            exchange.revoke_access = token.row


def _active(user: User | None) -> User | None:
    if user is None or not user.active or user.deleted_at is not None:
        return None
    return user


class Server(AuthorizationServer):
    def __init__(self, settings: Settings) -> None:
        super().__init__(scopes_supported=list(ALL_SCOPES))
        self.settings = settings
        self.register_token_generator("default", self._generate_token)
        self.register_grant(AuthorizationCodeGrant, [S256CodeChallenge(required=True)])
        self.register_grant(RefreshTokenGrant)
        self.register_endpoint(Revocation)

    def query_client(self, client_id: str) -> ClientView | None:
        row = current.get().clients.get(client_id)
        return ClientView(row) if row is not None else None

    def save_token(self, token: dict[str, Any], request: Any) -> None:
        current.get().issued.append(
            Issued(
                access_token=token["access_token"],
                refresh_token=token.get("refresh_token"),
                scopes=scope_list(token.get("scope")),
                expires_at=utcnow() + timedelta(seconds=token["expires_in"]),
            )
        )

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def create_oauth2_request(self, request: Any) -> Any:
        return request  # routes build our adapter Request themselves

    def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, list[tuple[str, str]]]:
        return status, body, list(headers)

    def _generate_token(
        self,
        grant_type: str,
        client: ClientView,
        user: User | None = None,
        scope: str | None = None,
        expires_in: int | None = None,
        include_refresh_token: bool = True,
    ) -> dict[str, Any]:
        token: dict[str, Any] = {
            "token_type": "Bearer",
            "access_token": tokens.generate(ACCESS_PREFIX),
            "expires_in": expires_in or self.settings.oauth_access_token_seconds,
            "scope": " ".join(scope_list(scope)),
        }
        if include_refresh_token:
            token["refresh_token"] = tokens.generate(REFRESH_PREFIX)
        return token
