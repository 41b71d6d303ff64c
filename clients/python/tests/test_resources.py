"""Each resource's calls against the real server, checked by reading back what they changed."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from infinity_client import APIError, AuthenticationError, Client, NotFound, PermissionDenied
from sdk_testing import BoardSetup, Server


def test_workspaces_boards_and_folders(client: Client, server: Server) -> None:
    workspace = client.workspaces.create(name="Second")
    assert workspace.id in {w.id for w in client.workspaces.list()}
    assert client.workspaces.update(workspace, name="Renamed").name == "Renamed"
    assert client.workspaces.get(workspace).name == "Renamed"
    board = client.boards.create(name="B", description="d", workspace=workspace)
    assert board.workspace_id == str(workspace.id)
    assert [b.id for b in client.boards.list(workspace=workspace)] == [board.id]
    assert client.boards.update(board, name="B2", color="#ff0000").color == "#ff0000"
    assert client.boards.get(board.id, workspace=workspace).name == "B2"
    folder = client.folders.create(board, name="F")
    assert client.folders.update(board, folder, name="F2").name == "F2"
    assert client.folders.get(board, folder.id).name == "F2"
    assert [f.name for f in client.folders.list(board)] == ["F2"]
    assert client.folders.delete(board, folder).deleted
    assert client.boards.delete(board).deleted
    with pytest.raises(NotFound):
        client.boards.get(board)


def test_attributes_and_the_cached_schema(client: Client, board: BoardSetup) -> None:
    names = {a.name for a in client.attributes.list(board.board)}
    assert {"Name", "Status", "Estimate"} <= names
    schema = client.attributes.schema(board.board)
    assert schema.attribute("Status").label_id("Done") == board.status.label_id("Done")
    estimate = schema.attribute("Estimate")
    renamed = client.attributes.update(board.board, estimate, name="Points")
    assert client.attributes.get(board.board, renamed.id).name == "Points"
    # The client's own attribute writes refresh its cache: the new name resolves at once.
    item = client.items.create(board.board, folder=board.folder, values={"Points": 8})
    assert item.values["Points"] == 8
    assert client.attributes.delete(board.board, renamed).deleted
    assert "Points" not in {a.name for a in client.attributes.list(board.board)}


def test_views_and_their_items(client: Client, board: BoardSetup) -> None:
    for name in ("a", "b", "c"):
        client.items.create(board.board, folder=board.folder, values={"Name": name})
    view = client.views.create(board.board, folder=board.folder, name="All", type="table")
    assert client.views.update(board.board, view, name="Everything").name == "Everything"
    assert client.views.get(board.board, view.id).type == "table"
    assert client.views.replace(board.board, view, name="Cols", type="columns").type == "columns"
    assert [v.name for v in client.views.list(board.board, folder=board.folder)] == ["Cols"]
    names = sorted(
        i.values.text("Name") or "" for i in client.views.items(board.board, view, expand=["values"])
    )
    assert names == ["a", "b", "c"]
    in_folder = client.items.list_in_folder(board.board, board.folder, q="b", expand=["values"])
    assert [i.values.text("Name") for i in in_folder] == ["b"]
    assert client.views.delete(board.board, view).deleted


def test_comments(client: Client, board: BoardSetup, server: Server) -> None:
    item = client.items.create(board.board, folder=board.folder)
    comment = client.comments.create(item, text="<p>first</p>")
    reply = client.comments.create(item, text="<p>reply</p>", parent_id=comment.id)
    assert reply.parent_id == comment.id
    assert client.comments.update(item, comment, text="<p>edited</p>").text == "<p>edited</p>"
    fetched = client.comments.get(item, comment.id, expand=["created_by", "item"])
    assert fetched.item is not None and fetched.item.id == item.id
    assert not isinstance(fetched.created_by, int) and fetched.created_by is not None
    assert fetched.created_by.id == server.user_id
    assert {c.id for c in client.comments.list(item)} == {comment.id, reply.id}
    assert client.comments.delete(item, reply).deleted
    assert [c.id for c in client.comments.list(item.id, board=board.board)] == [comment.id]


def test_references(client: Client, board: BoardSetup) -> None:
    link = client.attributes.create(board.board, name="Blocks", type="reference")
    first = client.items.create(board.board, folder=board.folder)
    second = client.items.create(board.board, folder=board.folder)
    reference = client.references.create(
        board.board, attribute=link, from_item_id=first.id, to_item_id=second.id
    )
    assert client.references.get(board.board, reference.id).to_item_id == second.id
    assert [r.id for r in client.references.list(board.board, from_item_id=first.id)] == [reference.id]
    assert [r.id for r in client.references.list_for_item(second.id)] == [reference.id]
    assert client.items.get(board.board, first.id).values["Blocks"] == [second.id]
    assert client.references.delete(board.board, reference).deleted
    assert list(client.references.list(board.board)) == []


def test_members_and_invitations(client: Client, server: Server) -> None:
    email = f"new-{uuid.uuid4().hex[:6]}@example.com"
    invited = client.members.invite(email, role="full-member", expand=["membership", "invitation"])
    assert invited.membership is not None and invited.membership.pending
    assert invited.invitation is not None and invited.invitation.url.startswith("http")
    assert email in {m.email for m in client.members.list()}
    assert client.members.set_role(invited, "admin").membership.role == "admin"  # type: ignore[union-attr]
    assert {u.id for u in client.members.users()} >= {server.user_id, invited.id}
    client.members.remove(invited)
    assert email not in {m.email for m in client.members.list()}


def test_profile_tokens_and_apps(client: Client, server: Server) -> None:
    assert client.profile.get().id == server.user_id
    created = client.profile.create_token("reader", scopes=["read"], expires_in_days=1)
    assert created.token and created.id in {t.id for t in client.profile.tokens()}
    with Client(created.token, base_url=server.base_url, workspace=server.workspace) as reader:
        assert reader.workspaces.get().id == server.workspace
        with pytest.raises(PermissionDenied) as refused:
            reader.boards.create(name="nope")
        assert refused.value.code and refused.value.request_id
    client.profile.revoke_token(created)
    with (
        Client(created.token, base_url=server.base_url, workspace=server.workspace) as revoked,
        pytest.raises(AuthenticationError),
    ):
        revoked.workspaces.get()
    app = client.profile.create_app("Integration", redirect_uris=["https://example.com/cb"])
    assert app.client_secret and client.profile.get_app(app.id).name == "Integration"
    assert app.id in {a.id for a in client.profile.apps()}
    client.profile.delete_app(app)
    with pytest.raises(NotFound):
        client.profile.get_app(app.id)


def test_admin_oauth_and_health(client: Client, server: Server) -> None:
    server.cli("user", "promote", "--email", "sdk@example.com")
    issued = server.cli("token", "create", "--email", "sdk@example.com", "--scopes", "admin")
    admin_token = json.loads(issued)["token"]
    with Client(admin_token, base_url=server.base_url) as admin:
        user = admin.admin.create_user(email=f"u-{uuid.uuid4().hex[:6]}@example.com", name="U")
        assert admin.admin.get_user(user.id).email == user.email
        assert admin.admin.get_user_by_email(user.email or "").id == user.id
        assert admin.admin.update_user(user, active=False).active is False
        assert user.id in {u.id for u in admin.admin.users()}
        assert server.workspace in {w.id for w in admin.admin.workspaces()}
        tokens = list(admin.admin.tokens(user_id=server.user_id))
        assert tokens and all(t.user_id == server.user_id for t in tokens)
        doomed = client.profile.create_token("doomed")
        assert admin.admin.revoke_token(doomed.id).revoked is True
        assert doomed.id not in {t.id for t in client.profile.tokens()}
        assert all(h.url for h in admin.admin.hooks())
        # A workspace copied from this very server (any Infinity API v2 server would do).
        run = admin.admin.start_import(
            url=server.base_url, token=server.token, workspace=str(server.workspace), rate_per_minute=6000
        )
        assert run.object == "import" and run.status == "running"
        deadline = time.monotonic() + 120
        while run.status == "running" and time.monotonic() < deadline:
            time.sleep(0.5)
            run = admin.admin.get_import(run)
        assert run.status == "done", run.error
        assert run.workspace_id and run.workspace_id != server.workspace
        with pytest.raises(NotFound):
            admin.admin.get_import("no-such-import")
    with pytest.raises(PermissionDenied, match="browser session"):
        client.profile.end_session()  # a token is not a session: revoke it instead
    app = client.profile.create_app("Flow", redirect_uris=["https://example.com/cb"])
    with pytest.raises(APIError) as refused:
        client.oauth.token(
            grant_type="refresh_token", client_id=app.client_id, client_secret=app.client_secret or "",
            refresh_token="not-a-refresh-token",
        )  # fmt: skip
    assert refused.value.status_code == 400 and refused.value.code == "invalid_grant"
    client.oauth.revoke("not-a-token", client_id=app.client_id, client_secret=app.client_secret or "")
    metadata = client.oauth.metadata()
    assert metadata["token_endpoint"].endswith("/oauth/token")
    assert client.health.live()["status"] == "ok" and client.health.ready()["status"] == "ready"
