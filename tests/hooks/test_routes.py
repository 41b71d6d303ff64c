"""Hooks API: create, update, list, delete as the seed shows them, scoped to the caller."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.hooks.models import Hook
from tests import factories, factories_hooks
from tests.factories import Account

CALLBACK = "http://127.0.0.1:9/callback"


def hooks_path(account: Account, board_id: str, suffix: str = "") -> str:
    return account.ws(f"/boards/{board_id}/hooks{suffix}")


async def create(client: httpx.AsyncClient, account: Account, board_id: str, **body: object) -> dict:
    body.setdefault("url", CALLBACK)
    body.setdefault("events", [{"event": "item.updated"}])
    response = await client.post(hooks_path(account, board_id), json=body, headers=account.headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_returns_the_seed_shape(
    hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    hook = await create(hclient, hooker, board_id, events=[{"event": "item.updated"}])
    assert set(hook) == {
        "id", "object", "url", "user_id", "board_id", "secret", "events", "active", "created_at", "deleted"
    }  # fmt: skip
    assert hook["object"] == "hook"
    assert hook["url"] == CALLBACK
    assert hook["user_id"] == hooker.user_id
    assert hook["board_id"] == board_id
    assert re.fullmatch(r"[A-Za-z0-9]{32}", hook["secret"])
    assert hook["events"] == [{"event": "item.updated", "data": None}]
    assert hook["active"] is True
    assert hook["deleted"] is False
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", hook["created_at"])


async def test_events_accepted_as_plain_strings_and_deduplicated(
    hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    hook = await create(hclient, hooker, board_id, events=["item.created", "value.created", "item.created"])
    assert hook["events"] == [
        {"event": "item.created", "data": None},
        {"event": "value.created", "data": None},
    ]


async def test_each_hook_gets_its_own_secret(
    hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    first = await create(hclient, hooker, board_id)
    second = await create(hclient, hooker, board_id)
    assert first["secret"] != second["secret"]


async def test_unknown_event_is_422_and_creates_nothing(
    hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    response = await hclient.post(
        hooks_path(hooker, board_id),
        json={"url": CALLBACK, "events": [{"event": "item.updated"}, {"event": "board.created"}]},
        headers=hooker.headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"events.1.event": ["The selected events.1.event is invalid."]}
    listed = await hclient.get(hooks_path(hooker, board_id), headers=hooker.headers)
    assert listed.json()["data"] == []


async def test_url_is_required_and_must_be_http(
    hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    missing = await hclient.post(hooks_path(hooker, board_id), json={"events": []}, headers=hooker.headers)
    assert missing.status_code == 422
    assert missing.json()["code"] == "general/missing-fields"
    assert missing.json()["invalidFields"] == ["url"]
    for bad in ("ftp://example.com/x", "not a url", "http://"):
        response = await hclient.post(hooks_path(hooker, board_id), json={"url": bad}, headers=hooker.headers)
        assert response.status_code == 422, bad
        assert response.json()["invalidFields"] == ["url"]


async def test_private_addresses_are_refused_unless_allowed(app: FastAPI, client: httpx.AsyncClient) -> None:
    """The default app (OPENINFINITY_ALLOW_PRIVATE_URLS unset) refuses loopback and private targets."""
    owner = await factories.account(app)
    board_id = await factories_hooks.board(app, owner)
    for url in ("http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/x", "http://[::1]/x"):
        response = await client.post(hooks_path(owner, board_id), json={"url": url}, headers=owner.headers)
        assert response.status_code == 422, url
        assert "private or loopback" in response.json()["errors"]["url"][0]
    public = await client.post(
        hooks_path(owner, board_id), json={"url": "https://93.184.215.14/hook"}, headers=owner.headers
    )
    assert public.status_code == 201


async def test_update_with_put_and_patch(hclient: httpx.AsyncClient, hooker: Account, board_id: str) -> None:
    hook = await create(hclient, hooker, board_id)
    path = hooks_path(hooker, board_id, f"/{hook['id']}")
    put = await hclient.put(
        path,
        json={"url": "http://127.0.0.1:9/new", "events": [{"event": "value.updated"}]},
        headers=hooker.headers,
    )
    assert put.status_code == 200
    assert put.json()["url"] == "http://127.0.0.1:9/new"
    assert put.json()["events"] == [{"event": "value.updated", "data": None}]
    assert put.json()["secret"] == hook["secret"]
    patch = await hclient.patch(path, json={"events": ["comment.created"]}, headers=hooker.headers)
    assert patch.status_code == 200
    assert patch.json()["url"] == "http://127.0.0.1:9/new"
    assert patch.json()["events"] == [{"event": "comment.created", "data": None}]
    bad = await hclient.patch(path, json={"events": ["nope"]}, headers=hooker.headers)
    assert bad.status_code == 422
    again = await hclient.get(path, headers=hooker.headers)
    assert again.json()["events"] == [{"event": "comment.created", "data": None}]


async def test_update_reactivates_a_deactivated_hook(
    hooks_app: FastAPI, hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    hook = await create(hclient, hooker, board_id)
    async with hooks_app.state.db.transaction() as session:
        row = await session.scalar(select(Hook).where(Hook.id == hook["id"]))
        assert row is not None
        row.active = False
    path = hooks_path(hooker, board_id, f"/{hook['id']}")
    assert (await hclient.get(path, headers=hooker.headers)).json()["active"] is False
    response = await hclient.patch(path, json={}, headers=hooker.headers)
    assert response.json()["active"] is True


async def test_list_shows_only_the_callers_hooks_of_that_board(
    hooks_app: FastAPI, hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    mine = [await create(hclient, hooker, board_id) for _ in range(3)]
    other_board = await factories_hooks.board(hooks_app, hooker, name="Other")
    await create(hclient, hooker, other_board)
    colleague = await factories.member(hooks_app, hooker.workspace_id, role="admin")
    await create(hclient, colleague, board_id)

    page = await hclient.get(hooks_path(hooker, board_id), params={"limit": 2}, headers=hooker.headers)
    assert page.status_code == 200
    body = page.json()
    assert body["has_more"] is True
    rest = await hclient.get(
        hooks_path(hooker, board_id), params={"limit": 2, "after": body["after"]}, headers=hooker.headers
    )
    ids = [h["id"] for h in body["data"]] + [h["id"] for h in rest.json()["data"]]
    assert sorted(ids) == sorted(h["id"] for h in mine)
    assert rest.json()["has_more"] is False
    assert "logs" not in body["data"][0]

    expanded = await hclient.get(
        hooks_path(hooker, board_id), params={"expand[]": "logs"}, headers=hooker.headers
    )
    assert all(h["logs"] == [] for h in expanded.json()["data"])
    bad = await hclient.get(
        hooks_path(hooker, board_id), params={"expand[]": "owner"}, headers=hooker.headers
    )
    assert bad.status_code == 422


async def test_another_users_hook_is_not_found(
    hooks_app: FastAPI, hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    hook = await create(hclient, hooker, board_id)
    admin = await factories.member(hooks_app, hooker.workspace_id, role="admin")
    path = hooks_path(admin, board_id, f"/{hook['id']}")
    assert (await hclient.get(path, headers=admin.headers)).status_code == 404
    assert (await hclient.patch(path, json={}, headers=admin.headers)).status_code == 404
    assert (await hclient.delete(path, headers=admin.headers)).status_code == 404
    assert (await hclient.post(f"{path}/test", headers=admin.headers)).status_code == 404
    assert (await hclient.get(f"{path}/deliveries", headers=admin.headers)).status_code == 404
    # The same hook id under another board of the owner is unknown too.
    other_board = await factories_hooks.board(hooks_app, hooker, name="Other")
    wrong = hooks_path(hooker, other_board, f"/{hook['id']}")
    assert (await hclient.get(wrong, headers=hooker.headers)).status_code == 404
    assert (
        await hclient.get(hooks_path(hooker, board_id, "/not-a-uuid"), headers=hooker.headers)
    ).status_code == 404


async def test_delete(hclient: httpx.AsyncClient, hooker: Account, board_id: str) -> None:
    hook = await create(hclient, hooker, board_id)
    path = hooks_path(hooker, board_id, f"/{hook['id']}")
    response = await hclient.delete(path, headers=hooker.headers)
    assert response.status_code == 200
    assert response.json() == {"id": hook["id"], "object": "hook", "deleted": True}
    assert (await hclient.delete(path, headers=hooker.headers)).status_code == 404
    listed = await hclient.get(hooks_path(hooker, board_id), headers=hooker.headers)
    assert listed.json()["data"] == []


async def test_hooks_scope_and_board_visibility(
    hooks_app: FastAPI, hclient: httpx.AsyncClient, hooker: Account, board_id: str
) -> None:
    content_only = await factories.token(hooks_app, hooker.user_id, scopes=["read", "write"])
    response = await hclient.get(
        hooks_path(hooker, board_id), headers={"Authorization": f"Bearer {content_only}"}
    )
    assert response.status_code == 403
    restricted = await factories.member(hooks_app, hooker.workspace_id, role="restricted-member")
    hidden = await hclient.post(
        hooks_path(restricted, board_id), json={"url": CALLBACK}, headers=restricted.headers
    )
    assert hidden.status_code == 404
    assert (await hclient.get(hooks_path(hooker, "nosuchboard"), headers=hooker.headers)).status_code == 404
