"""Workspaces, people and credentials."""

from __future__ import annotations

from typing import Any, Literal

from infinity_client.models._base import JsonObject, Model

Role = Literal["owner", "admin", "full-member", "restricted-member"]
AssignableRole = Literal["admin", "full-member", "restricted-member"]


class Workspace(Model):
    id: int
    object: Literal["workspace"] = "workspace"
    name: str
    photo_url: str | None = None
    owner_id: int | None = None
    deleted: bool = False


class User(Model):
    id: int
    object: Literal["user"] = "user"
    name: str
    email: str | None = None
    photo_url: str | None = None
    job: str | None = None
    location: str | None = None
    tagline: str | None = None
    created_at: str | None = None
    deleted: bool = False


class Membership(Model):
    role: Role
    pending: bool = False


class Invitation(Model):
    url: str
    expires_at: str


class Member(User):
    """A workspace user; `membership` and `invitation` come with `expand`."""

    membership: Membership | None = None
    invitation: Invitation | None = None


class Profile(User):
    preferences: JsonObject = {}
    is_developer: bool = False


class Token(Model):
    id: int
    object: Literal["token"] = "token"
    name: str
    kind: str
    prefix: str
    scopes: list[str]
    workspace_id: int | None = None
    expires_at: str | None = None
    last_used_at: str | None = None
    created_at: str


class TokenCreated(Token):
    """The new token's secret `token` is shown once, here."""

    token: str


class AdminToken(Token):
    user_id: int
    client_id: int | None = None
    revoked: bool = False


class OAuthApp(Model):
    id: int
    object: Literal["client"] = "client"
    name: str
    client_id: str
    public: bool
    redirect_uris: list[str]
    created_at: str


class OAuthAppCreated(OAuthApp):
    client_secret: str | None = None


class AdminUser(User):
    active: bool
    pending: bool
    is_instance_admin: bool


class AdminWorkspace(Workspace):
    member_count: int
    item_count: int


class OAuthToken(Model):
    """The token endpoint's answer (RFC 6749)."""

    access_token: str
    token_type: str
    expires_in: int | None = None
    refresh_token: str | None = None
    scope: str | None = None


class ImportRun(Model):
    """An import of a workspace from another Infinity API v2 server, run by the server in the
    background (openinfinity's admin API): `status` is running, done or failed; `progress` and,
    once finished, `report` count what was copied; `workspace_id` is where it goes."""

    id: str
    object: Literal["import"] = "import"
    status: str
    source: str | None = None
    source_workspace: str | None = None
    workspace_id: int | None = None
    progress: dict[str, Any] = {}
    report: dict[str, Any] = {}
    error: str | None = None
    created_at: str | None = None
    finished_at: str | None = None
