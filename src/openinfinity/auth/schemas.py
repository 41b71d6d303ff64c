"""Token shapes of the API (profile and admin). The secret appears only in the create response."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.auth.models import AccessToken
from openinfinity.core.bounds import DbId, Int64
from openinfinity.core.timefmt import iso


class TokenRead(BaseModel):
    id: int
    object: Literal["token"] = "token"
    name: str
    kind: str
    prefix: str
    scopes: list[str]
    workspace_id: int | None
    expires_at: str | None
    last_used_at: str | None
    created_at: str


class TokenCreated(TokenRead):
    token: str


class AdminTokenRead(TokenRead):
    user_id: int
    client_id: int | None
    revoked: bool


class TokenCreate(BaseModel):
    name: str = Field(min_length=1, max_length=255)
    scopes: list[str] | None = Field(default=None, max_length=10)
    workspace_id: DbId | None = None
    expires_in_days: Int64 | None = None


def present_token(token: AccessToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "object": "token",
        "name": token.name,
        "kind": token.kind,
        "prefix": token.prefix,
        "scopes": list(token.scopes),
        "workspace_id": token.workspace_id,
        "expires_at": iso(token.expires_at),
        "last_used_at": iso(token.last_used_at),
        "created_at": iso(token.created_at),
    }


def present_admin_token(token: AccessToken) -> dict[str, Any]:
    return {
        **present_token(token),
        "user_id": token.user_id,
        "client_id": token.client_id,
        "revoked": token.revoked_at is not None,
    }
