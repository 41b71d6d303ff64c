# Generated from _async/account.py by scripts/unasync.py: edit that file, then run the script.
"""The caller's own profile and credentials, instance administration, OAuth2, health."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import quote

from infinity_client._sync._core import Core
from infinity_client._sync._pagination import Pager
from infinity_client._base import body, path_id, query
from infinity_client._refs import WorkspaceRef, workspace_id
from infinity_client.models import (
    AdminHook,
    AdminToken,
    AdminUser,
    AdminWorkspace,
    AuditEntry,
    ImportRun,
    OAuthApp,
    OAuthAppCreated,
    OAuthToken,
    Profile,
    Token,
    TokenCreated,
)

SortBy = Literal["id", "created_at"]
Direction = Literal["asc", "desc"]
Scope = Literal["read", "write", "members", "hooks", "admin"]


def _page_query(
    limit: int | None, sort_by: SortBy | None, sort_direction: Direction | None
) -> dict[str, Any]:
    return query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction})


class Account:
    """The signed-in user: profile, personal access tokens, OAuth applications."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def get(self) -> Profile:
        return self._core.call(Profile, "GET", "/api/v2/profile")

    def tokens(
        self,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[Token]:
        return self._core.pager(Token, "/api/v2/profile/tokens", _page_query(limit, sort_by, sort_direction))

    def create_token(
        self,
        name: str,
        *,
        scopes: list[Scope | str] | None = None,
        workspace: WorkspaceRef | None = None,
        expires_in_days: int | None = None,
    ) -> TokenCreated:
        """A new personal access token; its secret (`.token`) is shown only in this answer."""
        ws = int(path_id(workspace)) if workspace is not None else None
        data = body(name=name, scopes=scopes, workspace_id=ws, expires_in_days=expires_in_days)
        return self._core.call(TokenCreated, "POST", "/api/v2/profile/tokens", json=data)

    def revoke_token(self, token: Token | int) -> Token:
        return self._core.call(Token, "DELETE", f"/api/v2/profile/tokens/{path_id(token)}")

    def apps(
        self,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[OAuthApp]:
        return self._core.pager(
            OAuthApp, "/api/v2/profile/clients", _page_query(limit, sort_by, sort_direction)
        )

    def create_app(
        self, name: str, *, redirect_uris: list[str], public: bool = False
    ) -> OAuthAppCreated:
        """An OAuth application; its `client_secret` is shown only in this answer."""
        data = {"name": name, "redirect_uris": redirect_uris, "public": public}
        return self._core.call(OAuthAppCreated, "POST", "/api/v2/profile/clients", json=data)

    def get_app(self, app: OAuthApp | int) -> OAuthApp:
        return self._core.call(OAuthApp, "GET", f"/api/v2/profile/clients/{path_id(app)}")

    def delete_app(self, app: OAuthApp | int) -> OAuthApp:
        return self._core.call(OAuthApp, "DELETE", f"/api/v2/profile/clients/{path_id(app)}")

    def end_session(self) -> None:
        """Sign the browser session out (for a client authenticated by a session cookie)."""
        self._core.request("DELETE", "/api/v2/profile/session")


class Admin:
    """Instance administration (openinfinity; a token with the `admin` scope)."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def users(
        self,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[AdminUser]:
        return self._core.pager(AdminUser, "/api/v2/admin/users", _page_query(limit, sort_by, sort_direction))

    def audit(
        self,
        workspace: WorkspaceRef,
        *,
        action: str | None = None,
        limit: int | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[AuditEntry]:
        """Any workspace's audit log (deleted workspaces' too); `action` as in `history.audit`."""
        path = f"/api/v2/admin/workspaces/{workspace_id(workspace, None)}/audit"
        params = query({"action": action, "limit": limit, "sort_direction": sort_direction})
        return self._core.pager(AuditEntry, path, params)

    def create_user(
        self, *, email: str, name: str, password: str | None = None, is_instance_admin: bool = False
    ) -> AdminUser:
        data = body(email=email, name=name, password=password, is_instance_admin=is_instance_admin)
        return self._core.call(AdminUser, "POST", "/api/v2/admin/users", json=data)

    def get_user(self, user: AdminUser | int) -> AdminUser:
        return self._core.call(AdminUser, "GET", f"/api/v2/admin/users/{path_id(user)}")

    def get_user_by_email(self, email: str) -> AdminUser:
        return self._core.call(AdminUser, "GET", f"/api/v2/admin/users/email/{quote(email, safe='')}")

    def update_user(
        self,
        user: AdminUser | int,
        *,
        name: str | None = None,
        active: bool | None = None,
        is_instance_admin: bool | None = None,
        password: str | None = None,
    ) -> AdminUser:
        """Change what is given; `active=False` deactivates the user (their tokens stop working)."""
        data = body(name=name, active=active, is_instance_admin=is_instance_admin, password=password)
        return self._core.call(AdminUser, "PUT", f"/api/v2/admin/users/{path_id(user)}", json=data)

    def workspaces(
        self,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[AdminWorkspace]:
        params = _page_query(limit, sort_by, sort_direction)
        return self._core.pager(AdminWorkspace, "/api/v2/admin/workspaces", params)

    def tokens(
        self,
        *,
        user_id: int | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[AdminToken]:
        params = {**_page_query(limit, sort_by, sort_direction), **query({"user_id": user_id})}
        return self._core.pager(AdminToken, "/api/v2/admin/tokens", params)

    def revoke_token(self, token: AdminToken | int) -> AdminToken:
        return self._core.call(AdminToken, "DELETE", f"/api/v2/admin/tokens/{path_id(token)}")

    def start_import(
        self,
        *,
        url: str,
        token: str,
        workspace: str,
        into: int | None = None,
        rate_per_minute: float | None = None,
    ) -> ImportRun:
        """Copy workspace `workspace` of the Infinity API v2 server at `url` (read with `token`)
        into a new workspace, or into `into`; the server runs it in the background, one import per
        workspace at a time (a second one answers 409). Follow it with `get_import`."""
        data = body(url=url, token=token, workspace_id=workspace, into=into, rate_per_minute=rate_per_minute)
        return self._core.call(ImportRun, "POST", "/api/v2/admin/imports", json=data)

    def get_import(self, run: ImportRun | str) -> ImportRun:
        """An import's status, progress and, once finished, its report."""
        run_id = run.id if isinstance(run, ImportRun) else run
        return self._core.call(ImportRun, "GET", f"/api/v2/admin/imports/{quote(run_id, safe='')}")

    def hooks(
        self,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[AdminHook]:
        return self._core.pager(AdminHook, "/api/v2/admin/hooks", _page_query(limit, sort_by, sort_direction))


class OAuth:
    """OAuth2 (RFC 6749): exchange a code or a refresh token, revoke, read the server's metadata."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def token(self, *, grant_type: str, client_id: str, **fields: str) -> OAuthToken:
        """`grant_type="authorization_code"` with `code`, `redirect_uri`, `code_verifier`
        (and `client_secret` for a confidential app), or `"refresh_token"` with `refresh_token`."""
        data = {"grant_type": grant_type, "client_id": client_id, **fields}
        return self._core.call(OAuthToken, "POST", "/oauth/token", data=data)

    def revoke(self, token: str, *, client_id: str, **fields: str) -> None:
        self._core.request(
            "POST", "/oauth/revoke", data={"token": token, "client_id": client_id, **fields}
        )

    def metadata(self) -> dict[str, Any]:
        """The authorization server's metadata (RFC 8414): endpoints, scopes, grant types."""
        response = self._core.request("GET", "/.well-known/oauth-authorization-server")
        result: dict[str, Any] = response.json()
        return result


class Health:
    def __init__(self, core: Core) -> None:
        self._core = core

    def live(self) -> dict[str, Any]:
        result: dict[str, Any] = (self._core.request("GET", "/health")).json()
        return result

    def ready(self) -> dict[str, Any]:
        """Readiness checks; a not-ready server raises `ServerError` (503) carrying them in `.body`."""
        result: dict[str, Any] = (self._core.request("GET", "/health/ready")).json()
        return result
