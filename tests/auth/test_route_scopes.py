"""Scope enforcement generated from the application's route table: every /api route carries a
scope_guard (so a new route without a scope rule fails here), and for every route a token lacking
the scope it needs gets 403 general/forbidden with an RFC 6750 insufficient_scope challenge, before
its body or path is even looked at."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from openinfinity.accounts.users import service as users
from openinfinity.auth import service as auth
from openinfinity.auth.scopes import ALL_SCOPES, required_scope
from tests import factories

# /api routes that deliberately need no token. Add a route here only on purpose.
PUBLIC_API_ROUTES: set[tuple[str, str]] = {
    # Signed attachment links: the HMAC signature with its expiry is the credential.
    (method, f"/api/v2/attachments/{{attachment_id}}/{kind}")
    for method in ("GET", "HEAD")
    for kind in ("download", "thumb")
}
UNKNOWN_ID = "999999999"


def _guard_families(dependant: Dependant) -> Iterator[str]:
    for dep in dependant.dependencies:
        call: Callable[..., Any] | None = dep.call
        family = getattr(call, "scope_family", None)
        if family is not None:
            yield family
        yield from _guard_families(dep)


def _flat_routes(app: FastAPI) -> Iterator[Any]:
    """Every route, also inside included routers (newer FastAPI keeps those lazily)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: app.routes is already flat
        yield from app.routes
        return
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            yield context


def api_routes(app: FastAPI) -> Iterator[tuple[Any, str]]:
    for route in _flat_routes(app):
        if route.path.startswith("/api"):
            for method in sorted(route.methods):
                yield route, method


def family_of(route: Any) -> str | None:
    families = set(_guard_families(route.dependant))
    assert len(families) <= 1, f"{route.path} has conflicting scope rules {families}"
    return next(iter(families), None)


async def test_every_api_route_has_a_scope_rule(app: FastAPI) -> None:
    unguarded = [
        f"{method} {route.path}"
        for route, method in api_routes(app)
        if family_of(route) is None and (method, route.path) not in PUBLIC_API_ROUTES
    ]
    assert unguarded == [], "routes without scope_guard: " + ", ".join(unguarded)
    assert len(list(api_routes(app))) > 20


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", UNKNOWN_ID, path)


async def _token(app: FastAPI, user_id: int, scopes: list[str]) -> str:
    async with app.state.db.transaction() as session:
        user = await users.get_user(session, user_id)
        _, raw = await auth.issue_token(session, user, name="scopes", scopes=scopes)
    return raw


@pytest.fixture
async def admin_user(app: FastAPI) -> factories.Account:
    acct = await factories.account(app)
    async with app.state.db.transaction() as session:
        user = await users.get_user(session, acct.user_id)
        user.is_instance_admin = True
    return acct


async def test_every_route_refuses_a_token_without_its_scope(
    client: httpx.AsyncClient, app: FastAPI, admin_user: factories.Account
) -> None:
    tokens_without: dict[str, str] = {}
    tokens_with: dict[str, str] = {}
    for scope in ALL_SCOPES:
        tokens_without[scope] = await _token(app, admin_user.user_id, [s for s in ALL_SCOPES if s != scope])
        tokens_with[scope] = await _token(app, admin_user.user_id, [scope])
    checked = 0
    for route, method in api_routes(app):
        family = family_of(route)
        if family is None:
            continue
        needed = required_scope(family, method)  # type: ignore[arg-type]
        url = _concrete(route.path)
        # A body that would fail validation: the scope check must come first.
        body = {"name": 12345} if method in ("POST", "PUT", "PATCH") else None
        refused = await client.request(
            method, url, json=body, headers={"Authorization": f"Bearer {tokens_without[needed]}"}
        )
        where = f"{method} {route.path}"
        assert refused.status_code == 403, where
        assert refused.json()["code"] == "general/forbidden", where
        assert f"'{needed}'" in refused.json()["message"], where
        assert (
            refused.headers["www-authenticate"] == f'Bearer error="insufficient_scope", scope="{needed}"'
        ), where
        allowed = await client.request(
            method, url, json=body, headers={"Authorization": f"Bearer {tokens_with[needed]}"}
        )
        assert "insufficient_scope" not in allowed.headers.get("www-authenticate", ""), where
        anonymous = await client.request(method, url, json=body)
        assert anonymous.status_code == 401, where
        checked += 1
    assert checked > 20


async def test_route_groups_have_the_documented_families(app: FastAPI) -> None:
    expected = {
        "/api/v2/profile": "content",
        "/api/v2/profile/tokens": "content",
        "/api/v2/profile/clients": "content",
        "/api/v2/workspaces": "content",
        "/api/v2/workspaces/{workspace}/members/invite": "members",
        "/api/v2/admin/users": "admin",
        "/api/v2/admin/tokens/{token_id}": "admin",
        "/api/v2/admin/workspaces": "admin",
    }
    found = {route.path: family_of(route) for route, _ in api_routes(app)}
    for path, family in expected.items():
        assert found[path] == family, path
