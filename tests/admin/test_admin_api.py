"""The admin API: instance administrators with an admin-scoped token; everyone else is refused."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from openinfinity.accounts.workspaces.models import Membership
from openinfinity.boards.models import Board
from openinfinity.items.models import Item
from openinfinity.schema.folders.models import Folder
from tests import factories
from tests import factories_auth as fa
from tests.factories import Account


async def test_only_admins_with_admin_scope_get_in(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    admin = await fa.admin(app)
    assert (await client.get("/api/v2/admin/users")).status_code == 401
    # A regular user's default token lacks the admin scope.
    plain = await client.get("/api/v2/admin/users", headers=owner.headers)
    assert plain.status_code == 403 and "'admin'" in plain.json()["message"]
    # An admin's token without the admin scope is refused too.
    admin_default = await factories.token(app, admin.user_id)
    response = await client.get("/api/v2/admin/users", headers={"Authorization": f"Bearer {admin_default}"})
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == 'Bearer error="insufficient_scope", scope="admin"'
    # The same admin token works on the client API as well.
    assert (await client.get("/api/v2/admin/users", headers=admin.headers)).status_code == 200
    assert (await client.get("/api/v2/workspaces", headers=admin.headers)).status_code == 200

    # Demoted: the admin-scoped token no longer opens the admin API (at once).
    other_admin = await fa.admin(app)
    demoted = await client.patch(
        f"/api/v2/admin/users/{other_admin.user_id}", json={"is_instance_admin": False}, headers=admin.headers
    )
    assert demoted.status_code == 200 and demoted.json()["is_instance_admin"] is False
    refused = await client.get("/api/v2/admin/users", headers=other_admin.headers)
    assert refused.status_code == 403 and refused.json()["code"] == "general/forbidden"


async def test_users_list_create_get_and_by_email(client: httpx.AsyncClient, app: FastAPI) -> None:
    admin = await fa.admin(app)
    created = await client.post(
        "/api/v2/admin/users",
        json={"email": "Jane.Doe+ops@Example.com", "name": "Jane Doe", "password": "s3cret-password"},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["object"] == "user" and user["email"] == "jane.doe+ops@example.com"
    assert user["active"] is True and user["pending"] is False and user["is_instance_admin"] is False
    assert "password" not in created.text

    duplicate = await client.post(
        "/api/v2/admin/users",
        json={"email": "jane.doe+ops@example.com", "name": "Again"},
        headers=admin.headers,
    )
    assert duplicate.status_code == 422 and duplicate.json()["errors"]["email"]
    weak = await client.post(
        "/api/v2/admin/users",
        json={"email": "weak@example.com", "name": "W", "password": "short"},
        headers=admin.headers,
    )
    assert weak.status_code == 422 and "password" in weak.json()["errors"]

    fetched = await client.get(f"/api/v2/admin/users/{user['id']}", headers=admin.headers)
    assert fetched.json() == user
    for path in (
        "/api/v2/admin/users/email/jane.doe%2Bops%40example.com",
        "/api/v2/admin/users/email/jane%2Edoe%2Bops%40example%2Ecom/",
        "/api/v2/admin/users/email/Jane.Doe+ops@Example.com",
    ):
        by_email = await client.get(path, headers=admin.headers)
        assert by_email.status_code == 200, path
        assert by_email.json()["id"] == user["id"]
    unknown = await client.get("/api/v2/admin/users/email/nobody%40example.com", headers=admin.headers)
    assert unknown.status_code == 404 and unknown.json()["code"] == "general/not-found"
    assert (await client.get("/api/v2/admin/users/999999999", headers=admin.headers)).status_code == 404
    assert (await client.get("/api/v2/admin/users/abc", headers=admin.headers)).status_code == 404

    # Lists paginate like every other list and visit every user once.
    seen: list[int] = []
    after = None
    while True:
        params = {"limit": 2, "sort_by": "id", "sort_direction": "asc"}
        if after:
            params["after"] = after
        page = (await client.get("/api/v2/admin/users", params=params, headers=admin.headers)).json()
        seen += [u["id"] for u in page["data"]]
        assert all("active" in u for u in page["data"])
        if not page["has_more"]:
            break
        after = page["after"]
    assert len(seen) == len(set(seen)) and user["id"] in seen and admin.user_id in seen


async def test_deactivation_stops_tokens_at_once(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    admin = await fa.admin(app)
    # Use the token first so it sits in the authentication cache.
    assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 200
    response = await client.patch(
        f"/api/v2/admin/users/{owner.user_id}", json={"active": False}, headers=admin.headers
    )
    assert response.status_code == 200 and response.json()["active"] is False
    blocked = await client.get("/api/v2/profile", headers=owner.headers)
    assert blocked.status_code == 401 and blocked.json()["code"] == "general/unauthorised"
    # Reactivated, the token works again (it was never revoked).
    await client.patch(f"/api/v2/admin/users/{owner.user_id}", json={"active": True}, headers=admin.headers)
    assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 200
    # Admins cannot lock themselves out.
    own = await client.patch(
        f"/api/v2/admin/users/{admin.user_id}", json={"active": False}, headers=admin.headers
    )
    assert own.status_code == 422
    bad = await client.patch(
        f"/api/v2/admin/users/{owner.user_id}", json={"active": "maybe"}, headers=admin.headers
    )
    assert bad.status_code == 422


async def test_deactivated_user_cannot_sign_in(client: httpx.AsyncClient, app: FastAPI) -> None:
    admin = await fa.admin(app)
    user = await fa.with_password(app)
    await client.patch(f"/api/v2/admin/users/{user.user_id}", json={"active": False}, headers=admin.headers)
    response = await fa.sign_in(client, user.email)
    assert response.status_code == 401


async def test_workspaces_with_member_and_item_counts(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    admin = await fa.admin(app)
    await factories.member(app, owner.workspace_id, role="full-member")
    async with app.state.db.transaction() as session:
        board = Board(workspace_id=owner.workspace_id, name="Roadmap")
        session.add(board)
        await session.flush()
        folder = Folder(board_id=board.id, name="Tasks")
        session.add(folder)
        await session.flush()
        session.add_all([Item(board_id=board.id, folder_id=folder.id) for _ in range(3)])
        from openinfinity.core.models import utcnow

        session.add(Item(board_id=board.id, folder_id=folder.id, deleted_at=utcnow()))
    found = None
    after = None
    while found is None:
        params = {"limit": 100, **({"after": after} if after else {})}
        page = (await client.get("/api/v2/admin/workspaces", params=params, headers=admin.headers)).json()
        found = next((w for w in page["data"] if w["id"] == owner.workspace_id), None)
        if not page["has_more"]:
            break
        after = page["after"]
    assert found is not None
    assert found["member_count"] == 2  # the owner and the member
    assert found["item_count"] == 3  # deleted items do not count
    assert found["object"] == "workspace" and found["owner_id"] == owner.user_id
    async with app.state.db.transaction(write=False) as session:
        assert await session.get(Membership, (owner.workspace_id, owner.user_id)) is not None


async def test_tokens_list_and_revoke(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    admin = await fa.admin(app)
    listed = await client.get(
        "/api/v2/admin/tokens", params={"user_id": owner.user_id}, headers=admin.headers
    )
    assert listed.status_code == 200
    tokens = listed.json()["data"]
    assert len(tokens) == 1 and tokens[0]["user_id"] == owner.user_id and tokens[0]["revoked"] is False
    assert owner.token not in listed.text
    revoked = await client.delete(f"/api/v2/admin/tokens/{tokens[0]['id']}", headers=admin.headers)
    assert revoked.status_code == 200 and revoked.json()["revoked"] is True
    assert (await client.get("/api/v2/profile", headers=owner.headers)).status_code == 401
    again = await client.delete(f"/api/v2/admin/tokens/{tokens[0]['id']}", headers=admin.headers)
    assert again.status_code == 404
