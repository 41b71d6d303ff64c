"""Authorization matrix generated from the route table: every /api route x every kind of caller.

Callers who cannot see the workspace's board (no token, revoked token, stranger, token restricted to
another workspace, restricted member without board access, token lacking the scope) get their exact
status, a body that is only the error envelope and carries none of the board's ids or text, and the
database is byte-for-byte unchanged after all of their calls. Callers who can see it read every GET
route, and roles that may not act on a workspace they can see get 403, never 404.

Every path parameter of the route table is a real resource (tests/proof/matrix_world.py), so the
refusals are proven against ids that exist. Hooks are the one resource private to a user within a
board: any member who sees the board may make hooks (no role needs to be admin), but another
member's hook answers 404 on every route, like an unknown id, so sighted callers read their own."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.auth.scopes import required_scope
from openinfinity.db_models import Base
from tests import factories
from tests.auth.test_route_scopes import api_routes, family_of
from tests.factories_attachments import install_runtime
from tests.hooks.receiver import Receiver
from tests.proof.matrix_world import SIGHTED, World, build_world

# Columns a refused call may legitimately touch (the caller's own token use).
VOLATILE_COLUMNS = {"last_used_at"}
BLIND = ["anonymous", "revoked", "stranger", "other_workspace_token", "restricted_without_access", "no_scope"]


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
async def world(
    app: FastAPI,
    client: httpx.AsyncClient,
    make_client: Any,
    owner: factories.Account,
    tmp_path: Path,
) -> AsyncIterator[World]:
    previous = getattr(app.state, "attachments", None)
    install_runtime(app, tmp_path / "files")
    receiver = Receiver()
    await receiver.start()
    try:
        # Hooks are made through an app that may call the local receiver (the same database).
        private_client = await make_client(allow_private_urls=True)
        yield await build_world(app, client, private_client, owner, receiver)
    finally:
        await receiver.stop()
        app.state.attachments = previous


def path_params(path: str) -> list[str]:
    return re.findall(r"\{([^}]+)\}", path)


def _url(path: str, params: dict[str, str]) -> str:
    missing = [name for name in path_params(path) if name not in params]
    assert not missing, f"{path}: no fixture for {missing}; add a real resource to matrix_world.py"
    return re.sub(r"\{([^}]+)\}", lambda m: params[m.group(1)], path)


async def test_every_path_parameter_has_a_real_fixture(app: FastAPI, world: World) -> None:
    """A route with a new kind of id must get a real resource here, or it escapes the matrix."""
    names = {name for route, _ in api_routes(app) for name in path_params(route.path)}
    assert names - set(world.params) == set()
    for route, _ in api_routes(app):
        _url(route.path, world.params)


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
    read = 0
    for route, method in api_routes(app):
        if method != "GET":
            continue
        for caller in SIGHTED:
            # Hooks are private to their maker: each caller reads its own (see the next test).
            url = _url(route.path, world.params | world.own[caller])
            if route.path.startswith("/api/v2/attachments/"):
                # Signed links: the signature is the credential, the same for every caller.
                url += "?" + world.links[route.path.rsplit("/", 1)[1]]
            response = await client.get(url, headers=_headers(world.tokens[caller]))
            where = f"{caller}: GET {route.path} -> {response.status_code} {response.text[:200]}"
            if route.path.startswith("/api/v2/admin"):
                assert response.status_code == 403, where  # needs the admin scope nobody here has
            elif route.path.startswith(("/api/v2/profile/tokens/", "/api/v2/profile/clients/")):
                assert response.status_code == (200 if caller == "owner" else 404), where
            elif route.path.endswith("/audit"):
                # The audit log is for owners and admins; members who see the workspace get 403.
                assert response.status_code == (200 if caller in ("admin", "owner") else 403), where
            else:
                assert response.status_code == 200, where
                read += 1
            if "{hook_id}" in route.path and response.status_code == 200:
                assert world.own[caller]["hook_id"] in response.text, where
    assert read >= 25 * len(SIGHTED)


async def test_hooks_are_private_to_their_maker(
    app: FastAPI, client: httpx.AsyncClient, world: World
) -> None:
    """Every hook route, for every sighted caller but the owner, on the owner's hook: 404 as for an
    unknown id (the board itself is visible, the hook is not), none of its ids or its signing
    secret in any answer, nothing changed. Listing shows only the caller's own hooks."""
    before = await snapshot(app)
    checked = 0
    for route, method in api_routes(app):
        if family_of(route) != "hooks" or (method == "POST" and route.path.endswith("/hooks")):
            continue  # (creating a hook of one's own is allowed: the fixture does it)
        for caller in SIGHTED:
            if caller == "owner":
                continue
            url = _url(route.path, world.params)
            if method == "GET" and "{hook_id}" not in route.path:
                url += "?expand[]=logs"
            response = await client.request(
                method, url, json={"url": "https://example.com/x"}, headers=_headers(world.tokens[caller])
            )
            where = f"{caller}: {method} {route.path} -> {response.status_code} {response.text[:200]}"
            if "{hook_id}" in route.path:
                assert response.status_code == 404, where
                assert response.json()["code"] == "general/not-found", where
            else:
                assert method == "GET" and response.status_code == 200, where
                assert [h["id"] for h in response.json()["data"]] == [world.own[caller]["hook_id"]], where
                assert response.json()["data"][0]["logs"], where  # its deliveries' attempts
            for other, secrets in world.hook_secrets.items():
                for secret in secrets if other != caller else ():
                    assert secret not in response.text, f"leaked {other}'s {secret}: {where}"
            checked += 1
    assert checked >= 3 * 8
    assert await snapshot(app) == before, "a refused hook call changed the database"


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
