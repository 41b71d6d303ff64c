"""The workspace audit log: what owners and admins can read, and what each action records."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select, update

from openinfinity.accounts.workspaces.models import Membership
from openinfinity.core.history import AuditEntry, ItemChange
from openinfinity.core.models import utcnow
from openinfinity.hooks.dispatcher import Dispatcher
from openinfinity.oauth import clients as oauth_clients
from openinfinity.oauth.models import OAuthClient
from openinfinity.transfer import archive
from tests import factories, factories_collab
from tests import factories_auth as fa
from tests.conftest import test_settings as settings_for
from tests.factories import Account
from tests.factories_attachments import install_runtime


async def _audit(client: httpx.AsyncClient, account: Account, **params: Any) -> httpx.Response:
    return await client.get(account.ws("/audit"), params=params, headers=account.headers)


async def test_membership_changes_are_audited_with_actor_and_address(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    friend = await factories.acquaintance(app, owner)
    added = await client.put(
        owner.ws(f"/members/{friend.user_id}"), json={"role": "full-member"}, headers=owner.headers
    )
    assert added.status_code == 200, added.text
    promoted = await client.put(
        owner.ws(f"/members/{friend.user_id}"), json={"role": "admin"}, headers=owner.headers
    )
    assert promoted.status_code == 200
    removed = await client.delete(owner.ws(f"/members/{friend.user_id}"), headers=owner.headers)
    assert removed.status_code == 200
    rows = (await _audit(client, owner)).json()["data"]
    assert [(r["action"], r["target_id"], r["details"]) for r in rows] == [
        ("member.removed", str(friend.user_id), {"role": "admin"}),
        ("member.role_changed", str(friend.user_id), {"old": "full-member", "new": "admin"}),
        ("member.added", str(friend.user_id), {"role": "full-member"}),
    ]
    assert rows[0]["actor"]["user_id"] == owner.user_id and rows[0]["actor"]["via"] == "personal"
    assert rows[0]["address"] == "127.0.0.1"  # httpx's ASGI transport client address
    only = (await _audit(client, owner, action="member.added")).json()["data"]
    assert [r["action"] for r in only] == ["member.added"]
    prefix = (await _audit(client, owner, action="member.")).json()["data"]
    assert len(prefix) == 3


async def test_boards_attributes_hooks_and_tokens_are_audited(
    make_client: Any, app: FastAPI, owner: Account
) -> None:
    http: httpx.AsyncClient = await make_client(allow_private_urls=True)
    board = await http.post(owner.ws("/boards"), json={"name": "Audit"}, headers=owner.headers)
    assert board.status_code == 201
    board_path = owner.ws(f"/boards/{board.json()['id']}")
    attribute = await http.post(
        f"{board_path}/attributes", json={"name": "Size", "type": "number"}, headers=owner.headers
    )
    assert attribute.status_code in (200, 201), attribute.text
    hook = await http.post(
        f"{board_path}/hooks",
        json={"url": "http://127.0.0.1:9/in", "events": ["item.created"]},
        headers=owner.headers,
    )
    assert hook.status_code == 201, hook.text
    hook_path = f"{board_path}/hooks/{hook.json()['id']}"
    assert (
        await http.put(hook_path, json={"url": "http://127.0.0.1:9/other"}, headers=owner.headers)
    ).status_code == 200
    assert (await http.delete(hook_path, headers=owner.headers)).status_code == 200
    attribute_path = f"{board_path}/attributes/{attribute.json()['id']}"
    assert (await http.delete(attribute_path, headers=owner.headers)).status_code == 200
    token = await http.post(
        "/api/v2/profile/tokens",
        json={"name": "ci", "workspace_id": owner.workspace_id},
        headers=owner.headers,
    )
    assert token.status_code == 201, token.text
    revoked = await http.delete(f"/api/v2/profile/tokens/{token.json()['id']}", headers=owner.headers)
    assert revoked.status_code == 200
    assert (await http.delete(board_path, headers=owner.headers)).status_code == 200
    rows = (await _audit(http, owner, limit=100)).json()["data"]
    assert [r["action"] for r in rows] == [
        "board.deleted",
        "token.revoked",
        "token.created",
        "attribute.deleted",
        "hook.deleted",
        "hook.updated",
        "hook.created",
        "attribute.created",
        "board.created",
    ]
    assert rows[-1]["details"] == {"name": "Audit"}
    assert rows[2]["details"]["name"] == "ci" and "token" not in rows[2]["details"]
    assert rows[5]["details"]["url"] == "http://127.0.0.1:9/other"
    # Reading the log wrote nothing (each action once).
    async with app.state.db.transaction(write=False) as session:
        count = await session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.workspace_id == owner.workspace_id)
        )
    assert count == len(rows)


async def test_only_owners_and_admins_read_the_log(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    admin = await factories.member(app, owner.workspace_id, role="admin")
    full = await factories.member(app, owner.workspace_id, role="full-member")
    assert (await _audit(client, admin)).status_code == 200
    refused = await _audit(client, full)
    assert refused.status_code == 403 and refused.json()["code"] == "general/forbidden"
    stranger = await factories.account(app)
    assert (await client.get(owner.ws("/audit"), headers=stranger.headers)).status_code == 404
    assert (await client.get(owner.ws("/audit"))).status_code == 401
    assert (await _audit(client, owner, after="not a cursor")).status_code == 422
    assert (await _audit(client, owner, limit=101)).status_code == 422


async def test_the_admin_api_reads_any_workspace_log(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    admin = await fa.admin(app)
    assert (
        await client.post(owner.ws("/boards"), json={"name": "Seen"}, headers=owner.headers)
    ).status_code == 201
    got = await client.get(f"/api/v2/admin/workspaces/{owner.workspace_id}/audit", headers=admin.headers)
    assert got.status_code == 200
    assert [r["action"] for r in got.json()["data"]] == ["board.created"]
    assert (
        await client.get("/api/v2/admin/workspaces/999999/audit", headers=admin.headers)
    ).status_code == 404
    assert (await client.get("/api/v2/admin/workspaces/abc/audit", headers=admin.headers)).status_code == 404
    refused = await client.get(f"/api/v2/admin/workspaces/{owner.workspace_id}/audit", headers=owner.headers)
    assert refused.status_code == 403


async def test_entries_past_their_retention_are_pruned(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, database_url: str
) -> None:
    setup = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, setup, "Name", "text")
    item_id = await factories_collab.item(app, setup, {"Name": "old"})
    long_ago = utcnow() - timedelta(days=40)
    async with app.state.db.transaction() as session:
        await session.execute(
            update(ItemChange).where(ItemChange.item_id == item_id).values(created_at=long_ago)
        )
        await session.execute(
            update(AuditEntry)
            .where(AuditEntry.workspace_id == owner.workspace_id)
            .values(created_at=long_ago)
        )
    fresh = await client.post(owner.ws("/boards"), json={"name": "Fresh"}, headers=owner.headers)
    assert fresh.status_code == 201
    keep_forever = Dispatcher(
        app.state.db, settings_for(database_url, history_retention_days=0, audit_retention_days=0)
    )
    await keep_forever.prune()
    # board.created and attribute.created (40 days old) and board.created (now): all kept
    assert len((await _audit(client, owner)).json()["data"]) == 3
    dispatcher = Dispatcher(
        app.state.db, settings_for(database_url, history_retention_days=30, audit_retention_days=30)
    )
    await dispatcher.prune()
    history = await client.get(setup.path(f"/items/{item_id}/history"), headers=owner.headers)
    assert history.json()["data"] == []
    assert [r["details"]["name"] for r in (await _audit(client, owner)).json()["data"]] == ["Fresh"]


async def test_an_oauth_grant_is_audited_and_the_app_named_in_item_history(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    application = await fa.oauth_client(app, user.user_id)
    assert (await fa.sign_in(client, user.email)).status_code == 303
    code, verifier = await fa.authorization_code(client, application, scope="read write")
    client.cookies.clear()
    token = await fa.exchange_code(client, application, code, verifier)
    assert token.status_code == 200, token.text
    [granted] = (await _audit(client, user, action="oauth.granted")).json()["data"]
    assert granted["target_id"] == str(application.id)
    assert granted["details"] == {"scopes": ["read", "write"]}
    assert granted["actor"]["user_id"] == user.user_id and granted["actor"]["via"] == "session"
    # Writes made with the application's token name it in the item's history.
    board = await factories_collab.board(app, user)
    await factories_collab.attribute(app, board, "Name", "text")
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    body = {
        "folder_id": board.folder_id,
        "values": [{"attribute_id": board.attributes["Name"], "data": "Via app"}],
    }
    created = await client.post(board.path("/items"), json=body, headers=headers)
    assert created.status_code == 201, created.text
    history = await client.get(board.path(f"/items/{created.json()['id']}/history"), headers=headers)
    actor = history.json()["data"][0]["actor"]
    assert actor["via"] == "oauth" and actor["oauth_client_id"] == application.id
    assert actor["user_id"] == user.user_id and actor["token_id"] is not None


async def _grant(client: httpx.AsyncClient, user: Account, application: fa.Client) -> dict[str, Any]:
    assert (await fa.sign_in(client, user.email)).status_code == 303
    code, verifier = await fa.authorization_code(client, application, scope="read write")
    client.cookies.clear()
    token = await fa.exchange_code(client, application, code, verifier)
    assert token.status_code == 200, token.text
    issued: dict[str, Any] = token.json()
    return issued


async def test_revoking_an_oauth_grant_is_audited_once_with_the_reason(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    application = await fa.oauth_client(app, user.user_id)
    issued = await _grant(client, user, application)
    basic = httpx.BasicAuth(application.client_id, application.secret or "")

    # The application revokes its access token: the grant's refresh token stays, one entry says so.
    revoked = await client.post("/oauth/revoke", data={"token": issued["access_token"]}, auth=basic)
    assert revoked.status_code == 200
    [entry] = (await _audit(client, user, action="oauth.revoked")).json()["data"]
    assert entry["target_type"] == "oauth_client" and entry["target_id"] == str(application.id)
    assert entry["details"] == {"reason": "revoked", "revoked": "access_token"}
    assert entry["actor"]["user_id"] == user.user_id and entry["address"] == "127.0.0.1"

    # Revoking the refresh token ends the whole grant; doing it again changes nothing, logs nothing.
    for _ in range(2):
        again = await client.post("/oauth/revoke", data={"token": issued["refresh_token"]}, auth=basic)
        assert again.status_code == 200
    rows = (await _audit(client, user, action="oauth.revoked")).json()["data"]
    assert [r["details"] for r in rows] == [
        {"reason": "revoked", "revoked": "grant"},
        {"reason": "revoked", "revoked": "access_token"},
    ]


async def test_a_replayed_refresh_token_and_a_deleted_application_are_audited(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    application = await fa.oauth_client(app, user.user_id)
    issued = await _grant(client, user, application)
    basic = httpx.BasicAuth(application.client_id, application.secret or "")
    refresh = {"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]}
    assert (await client.post("/oauth/token", data=refresh, auth=basic)).status_code == 200
    replayed = await client.post("/oauth/token", data=refresh, auth=basic)
    assert replayed.status_code == 400
    [entry] = (await _audit(client, user, action="oauth.revoked")).json()["data"]
    assert entry["details"] == {"reason": "replayed", "revoked": "grant"}

    # A new grant, then the application is deleted: its tokens end, the user's log says why.
    await _grant(client, user, application)
    async with app.state.db.transaction() as session:
        row = await session.get(OAuthClient, application.id)
        assert row is not None
        await oauth_clients.delete(session, row)
    rows = (await _audit(client, user, action="oauth.")).json()["data"]
    assert [(r["action"], r["details"].get("reason")) for r in rows][:2] == [
        ("oauth.revoked", "application_deleted"),
        ("oauth.granted", None),
    ]


async def test_deactivating_a_user_audits_the_end_of_their_grants(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    user = await fa.with_password(app)
    application = await fa.oauth_client(app, user.user_id)
    await _grant(client, user, application)
    admin = await fa.admin(app)
    deactivated = await client.patch(
        f"/api/v2/admin/users/{user.user_id}", json={"active": False}, headers=admin.headers
    )
    assert deactivated.status_code == 200, deactivated.text
    log = await client.get(
        f"/api/v2/admin/workspaces/{user.workspace_id}/audit",
        params={"action": "oauth.revoked"},
        headers=admin.headers,
    )
    [entry] = log.json()["data"]
    assert entry["target_id"] == str(application.id)
    assert entry["details"] == {"reason": "user_deactivated", "revoked": "grant"}
    # The instance administrator did it.
    assert entry["actor"]["user_id"] == admin.user_id


async def test_an_unrestricted_token_is_audited_in_every_workspace_of_its_owner(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    other = await factories.account(app)
    async with app.state.db.transaction() as session:
        session.add(Membership(workspace_id=other.workspace_id, user_id=owner.user_id, role="admin"))
    made = await client.post("/api/v2/profile/tokens", json={"name": "everywhere"}, headers=owner.headers)
    assert made.status_code == 201
    for account in (
        owner,
        Account(owner.user_id, owner.email, owner.name, owner.token, other.workspace_id, owner.headers),
    ):
        rows = (await _audit(client, account, action="token.created")).json()["data"]
        assert [r["details"]["name"] for r in rows] == ["everywhere"], account.workspace_id


async def test_a_token_revoked_by_the_instance_admin_is_audited(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    admin = await fa.admin(app)
    await factories.token(app, owner.user_id, scopes=["read"])
    listed = await client.get(
        "/api/v2/admin/tokens", params={"user_id": owner.user_id}, headers=admin.headers
    )
    token_id = next(t["id"] for t in listed.json()["data"] if t["scopes"] == ["read"])
    assert (await client.delete(f"/api/v2/admin/tokens/{token_id}", headers=admin.headers)).status_code == 200
    [revoked] = (await _audit(client, owner, action="token.revoked")).json()["data"]
    assert revoked["target_id"] == str(token_id)
    assert revoked["actor"]["user_id"] == admin.user_id


async def test_exports_are_audited_with_who_and_from_where(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, tmp_path: Any
) -> None:
    """A CSV export (any member who sees the board may take one) and an archive export (an
    operator's command) both leave an entry the workspace's owners and admins can read."""
    board = await client.post(owner.ws("/boards"), json={"name": "Ledger"}, headers=owner.headers)
    assert board.status_code == 201
    exported = await client.get(owner.ws(f"/boards/{board.json()['id']}/items.csv"), headers=owner.headers)
    assert exported.status_code == 200
    runtime = install_runtime(app, tmp_path / "files")
    await archive.export(app.state.db, runtime, owner.workspace_id, tmp_path / "workspace.tar.gz")
    rows = (await _audit(client, owner, action="board.exported")).json()["data"]
    assert [(r["target_id"], r["details"]) for r in rows] == [
        (board.json()["id"], {"format": "csv", "view_id": None})
    ]
    assert rows[0]["actor"]["user_id"] == owner.user_id and rows[0]["address"] == "127.0.0.1"
    [whole] = (await _audit(client, owner, action="workspace.exported")).json()["data"]
    assert whole["actor"]["via"] == "system" and whole["details"]["format"] == "archive"
    assert whole["details"]["counts"]["board"] == 1
