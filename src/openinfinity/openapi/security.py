"""Security schemes, and for each operation the credentials and OAuth2 scope it needs.

Derived from the route's dependencies, so a new route is documented right without an edit here:
a route that authenticates (depends on the current principal) accepts a bearer token, the
`x-api-token` header or an OAuth2 access token; its router's scope family and the HTTP method give
the scope (auth/scopes.py). Routes without authentication (health, signed attachment links, the
OAuth2 endpoints) declare no security. The browser session (cookie + X-CSRF-Token) is described
in the document's introduction: it is for the web app and the interactive docs, not for clients.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.dependencies.models import Dependant

from openinfinity.auth.deps import current_principal
from openinfinity.auth.scopes import ADMIN, HOOKS, MEMBERS, READ, WRITE, required_scope

SCOPE_DESCRIPTIONS = {
    READ: "Read workspaces, boards, items and everything in them",
    WRITE: "Create, change and delete boards, items, folders, attributes, views, comments",
    MEMBERS: "Invite members, change their roles, remove them",
    HOOKS: "Manage webhooks and see their deliveries",
    ADMIN: "Instance administration (users, tokens, all webhooks); instance admins only",
}


def security_schemes() -> dict[str, Any]:
    return {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (profile page or `openinfinity token create`) "
            "or an OAuth2 access token: `Authorization: Bearer <token>`.",
        },
        "apiToken": {
            "type": "apiKey",
            "in": "header",
            "name": "x-api-token",
            "description": "The same tokens in the `x-api-token` header.",
        },
        "oauth2": {
            "type": "oauth2",
            "description": "Authorization code flow (PKCE) for applications registered on the profile page.",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "/oauth/authorize",
                    "tokenUrl": "/oauth/token",
                    "refreshUrl": "/oauth/token",
                    "scopes": SCOPE_DESCRIPTIONS,
                }
            },
        },
    }


def _calls(dependant: Dependant) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _calls(dependency)


def requirement(dependant: Dependant, method: str) -> list[dict[str, list[str]]] | None:
    """The operation's `security`, or None when it needs no credentials."""
    calls = list(_calls(dependant))
    # A dependency that authenticates by itself (boards/deps.board_request) says so.
    if current_principal not in calls and not any(getattr(call, "authenticates", False) for call in calls):
        return None
    families = [family for call in calls if (family := getattr(call, "scope_family", None))]
    scopes = [required_scope(families[0], method)] if families else []
    return [{"bearerAuth": []}, {"apiToken": []}, {"oauth2": scopes}]
