"""Authorization matrix generated from the route table: every /api route x every kind of caller.

Callers who cannot see the workspace's board (no token, revoked token, stranger, token restricted to
another workspace, restricted member without board access, token lacking the scope) get their exact
status, a body that is only the error envelope and carries none of the board's ids or text, and the
database is byte-for-byte unchanged after all of their calls. Callers who can see it read every GET
route, and roles that may not act on a workspace they can see get 403, never 404."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.auth.scopes import ALL_SCOPES, required_scope
from openinfinity.db_models import Base
from tests import factories
from tests.auth.test_route_scopes import api_routes, family_of
from tests.factories_items import board_setup, create_item

# Columns a refused call may legitimately touch (the caller's own token use).
VOLATILE_COLUMNS = {"last_used_at"}
BLIND = ["anonymous", "revoked", "stranger", "other_workspace_token", "restricted_without_access", "no_scope"]
SIGHTED = ["restricted_with_access", "full_member", "admin", "owner"]


@dataclass
class World:
    params: dict[str, str]
    secrets: list[str]
    tokens: dict[str, str | None]
    scoped_out: dict[str, str]  # needed scope -> owner token holding every other scope


def _own_resource(path: str, method: str) -> bool:
    """Routes acting on the caller's own profile, or creating a workspace of their own."""
    return path.startswith("/api/v2/profile") or (path == "/api/v2/workspaces" and method == "POST")


async def snapshot(app: FastAPI) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    async with app.state.db.transaction(write=False) as session:
        for table in Base.metadata.sorted_tables:
            columns = [c for c in table.columns if c.name not in VOLATILE_COLUMNS]
            result = await session.execute(select(*columns))
            rows[table.name] = sorted((tuple(map(repr, row)) for row in result), key=repr)
    return rows


@pytest.fixture
async def world(app: FastAPI, client: httpx.AsyncClient, owner: factories.Account) -> World:
    setup = await board_setup(app, owner)
    restricted_in = await factories.member(app, owner.workspace_id, role="restricted-member")
    restricted_out = await factories.member(app, owner.workspace_id, role="restricted-member")
    full = await factories.member(app, owner.workspace_id, role="full-member")
    admin = await factories.member(app, owner.workspace_id, role="admin")
    spare = await factories.member(app, owner.workspace_id, role="full-member")
    stranger = await factories.account(app)
    h = owner.headers
    response = await client.put(
        setup.url(), json={"user_ids": [owner.user_id, restricted_in.user_id]}, headers=h
    )
    assert response.status_code == 200, response.text
    item = await create_item(client, setup, values={"Name": "Matrix secret 7f3a"})
    got = await client.get(setup.url(f"/items/{item['id']}"), params={"expand[]": "values"}, headers=h)
    value_id = next(v["id"] for v in got.json()["values"] if v["data"] == "Matrix secret 7f3a")
    comment = await client.post(
        setup.url(f"/items/{item['id']}/comments"), json={"text": "Matrix comment 9c1e"}, headers=h
    )
    assert comment.status_code == 201, comment.text
    view = await client.post(
        setup.url("/views"), json={"type": "list", "folder_id": setup.folder_id}, headers=h
    )
    assert view.status_code == 201, view.text
    other_ws = await client.post("/api/v2/workspaces", json={"name": "Elsewhere"}, headers=h)
    spare_token = await client.post("/api/v2/profile/tokens", json={"name": "spare"}, headers=h)
    revoked = await client.post("/api/v2/profile/tokens", json={"name": "revoked"}, headers=h)
    assert (
        await client.delete(f"/api/v2/profile/tokens/{revoked.json()['id']}", headers=h)
    ).status_code == 200
    oauth = await client.post(
        "/api/v2/profile/clients",
        json={"name": "Matrix", "redirect_uris": ["https://app.example.com/cb"]},
        headers=h,
    )
    assert oauth.status_code == 201, oauth.text
    scoped_out = {
        scope: await factories.token(app, owner.user_id, scopes=[s for s in ALL_SCOPES if s != scope])
        for scope in ALL_SCOPES
    }
    params = {
        "workspace": str(owner.workspace_id),
        "board_id": setup.board_id,
        "folder_id": setup.folder_id,
        "attribute_id": setup.attr("Name"),
        "item_id": item["id"],
        "value_id": value_id,
        "user": str(spare.user_id),
        "email": spare.email,
        "token_id": str(spare_token.json()["id"]),
        "client": str(oauth.json()["id"]),
        "comment_id": comment.json()["id"],
        "view_id": view.json()["id"],
    }
    tokens: dict[str, str | None] = {
        "anonymous": None,
        "revoked": revoked.json()["token"],
        "stranger": stranger.token,
        "other_workspace_token": await factories.token(
            app, owner.user_id, workspace_id=other_ws.json()["id"]
        ),
        "restricted_without_access": restricted_out.token,
        "restricted_with_access": restricted_in.token,
        "full_member": full.token,
        "admin": admin.token,
        "owner": owner.token,
    }
    secrets = [
        setup.board_id,
        setup.folder_id,
        setup.attr("Name"),
        item["id"],
        value_id,
        "Matrix secret 7f3a",
    ]
    return World(params, secrets, tokens, scoped_out)


def _url(path: str, params: dict[str, str]) -> str:
    # Resources without a fixture here (hooks, deliveries, references, attachments) get an unknown
    # id: the refusal must still come first and be the same.
    return re.sub(r"\{([^}]+)\}", lambda m: params.get(m.group(1), "999999999"), path)


def _body(world: World) -> dict[str, Any]:
    # One body every write accepts, so a refusal is about authorization, not validation.
    return {
        "name": "Matrix write",
        "type": "text",
        "text": "Matrix write",
        "folder_id": world.params["folder_id"],
        "email": "matrix-new@example.com",
        "role": "full-member",
        "redirect_uris": ["https://app.example.com/cb"],
        "values": [{"attribute_id": world.params["attribute_id"], "data": "changed"}],
    }


def expected_blind_status(caller: str, path: str, method: str) -> int | None:
    """The exact answer for a caller who cannot see the board; None where none is fixed."""
    if path.startswith("/api/v2/attachments/"):
        return 403  # signed links: no token involved, an unsigned or forged link is refused
    if caller in ("anonymous", "revoked"):
        return 401
    if caller == "no_scope":
        return 403
    if path.startswith("/api/v2/admin"):
        return 403  # nobody here holds the admin scope
    if path.startswith("/api/v2/profile/clients") and caller == "other_workspace_token":
        return 403  # applications are account-wide: not for a workspace-restricted token
    if _own_resource(path, method):
        return 404 if "{" in path else None
    if "{workspace}" in path and caller in ("stranger", "other_workspace_token"):
        return 404
    if "{board_id}" in path and caller == "restricted_without_access":
        return 404
    return None


def _headers(token: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


async def test_blind_callers_get_exact_refusals_and_change_nothing(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    before = await snapshot(app)
    checked = 0
    own: list[tuple[Any, str]] = []
    for route, method in api_routes(app):
        if _own_resource(route.path, method) and method != "GET" and "{" not in route.path:
            own.append((route, method))  # creates the caller's own things: checked below
            continue
        family = family_of(route)
        for caller in BLIND:
            if caller == "no_scope":
                token: str | None = world.scoped_out[required_scope(family, method)]  # type: ignore[arg-type]
            else:
                token = world.tokens[caller]
            url = _url(route.path, world.params)
            response = await client.request(method, url, json=_body(world), headers=_headers(token))
            where = f"{caller}: {method} {route.path} -> {response.status_code} {response.text[:200]}"
            assert response.status_code < 500, where
            expected = expected_blind_status(caller, route.path, method)
            if expected is not None:
                assert response.status_code == expected, where
            if method == "HEAD":
                assert response.content == b"", where
            elif response.status_code >= 400:
                assert set(response.json()) <= {"message", "code", "errors", "invalidFields"}, where
            else:
                # Only reads of what is the caller's own (or the workspace a member sees) succeed.
                assert method == "GET" and caller not in ("anonymous", "revoked", "no_scope"), where
            for secret in world.secrets:
                assert secret not in response.text, f"leaked {secret}: {where}"
            checked += 1
    assert await snapshot(app) == before, "a refused call changed the database"
    assert checked > 200
    for route, method in own:
        response = await client.request(method, route.path, json=_body(world), headers=_headers(None))
        assert response.status_code == 401


async def test_sighted_callers_read_every_route(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    for route, method in api_routes(app):
        if method != "GET" or route.path.startswith("/api/v2/attachments/"):
            continue  # (signed links are tested by the attachments suite)
        if any(name not in world.params for name in re.findall(r"\{([^}]+)\}", route.path)):
            continue  # no fixture for this resource: covered by the blind sweep only
        for caller in SIGHTED:
            url = _url(route.path, world.params)
            response = await client.get(url, headers=_headers(world.tokens[caller]))
            where = f"{caller}: GET {route.path} -> {response.status_code} {response.text[:200]}"
            if route.path.startswith("/api/v2/admin"):
                assert response.status_code == 403, where
            elif route.path.startswith(("/api/v2/profile/tokens/", "/api/v2/profile/clients/")):
                assert response.status_code == (200 if caller == "owner" else 404), where
            else:
                assert response.status_code == 200, where


async def test_roles_that_see_the_workspace_get_403_not_404(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    """Member management needs owner/admin: a member who sees the workspace is forbidden, and
    nothing changes."""
    before = await snapshot(app)
    for route, method in api_routes(app):
        if family_of(route) != "members" or method == "GET":
            continue
        for caller in ("restricted_with_access", "restricted_without_access", "full_member"):
            url = _url(route.path, world.params)
            response = await client.request(
                method, url, json=_body(world), headers=_headers(world.tokens[caller])
            )
            where = f"{caller}: {method} {route.path} -> {response.status_code} {response.text[:200]}"
            assert response.status_code == 403, where
            assert response.json()["code"] == "general/forbidden", where
    assert await snapshot(app) == before


async def test_workspace_restricted_token_cannot_reach_the_accounts_other_credentials(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account
) -> None:
    restricted = _headers(await factories.token(app, owner.user_id, workspace_id=owner.workspace_id))
    wide = await client.post("/api/v2/profile/tokens", json={"name": "wide"}, headers=owner.headers)
    listed = await client.get("/api/v2/profile/tokens", headers=restricted)
    assert wide.json()["id"] not in [t["id"] for t in listed.json()["data"]]
    response = await client.delete(f"/api/v2/profile/tokens/{wide.json()['id']}", headers=restricted)
    assert response.status_code == 404
    assert (await client.get("/api/v2/profile", headers=_headers(wide.json()["token"]))).status_code == 200
    response = await client.post(
        "/api/v2/profile/clients",
        json={"name": "X", "redirect_uris": ["https://a.example/cb"]},
        headers=restricted,
    )
    assert response.status_code == 403
