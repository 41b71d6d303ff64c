"""The workspace the authorization matrix runs against: one real resource behind every kind of path
parameter in the route table, made through the API (and, for webhook deliveries, the real outbox
fan-out and dispatcher), plus the callers and the strings a refused call must never return."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from fastapi import FastAPI

from openinfinity.auth.scopes import ALL_SCOPES
from openinfinity.hooks.dispatcher import Dispatcher
from openinfinity.transfer.models import TransferRun
from tests import factories
from tests.factories_attachments import png_bytes, relative, upload
from tests.factories_items import BoardSetup, board_setup, create_item
from tests.hooks.receiver import Receiver

SIGHTED = ["restricted_with_access", "full_member", "admin", "owner"]


@dataclass
class World:
    params: dict[str, str]  # path parameter -> a real id (the owner's, for hooks)
    secrets: list[str]
    tokens: dict[str, str | None]
    scoped_out: dict[str, str]  # needed scope -> owner token holding every other scope
    # Hooks belong to the user who made them: each sighted caller has its own, with a delivery.
    own: dict[str, dict[str, str]] = field(default_factory=dict)
    # Signed-link query of each attachment route kind ("download", "thumb").
    links: dict[str, str] = field(default_factory=dict)
    # Per sighted caller, what only that caller may see of its hook: ids and signing secret.
    hook_secrets: dict[str, list[str]] = field(default_factory=dict)


def _ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def _hooks(
    private_client: httpx.AsyncClient,
    setup: BoardSetup,
    callers: dict[str, factories.Account],
    receiver: Receiver,
) -> dict[str, dict[str, Any]]:
    """A hook per sighted caller, made through the API of an app that may call 127.0.0.1."""
    hooks = {}
    for caller, account in callers.items():
        response = await private_client.post(
            setup.url("/hooks"),
            json={"url": receiver.url(caller), "events": ["item.created"]},
            headers=account.headers,
        )
        hooks[caller] = _ok(response, 201)
    return hooks


async def _deliver(app: FastAPI) -> None:
    """Fan the recorded events out and send them, as the server's dispatcher would."""
    settings = app.state.settings.model_copy(update={"allow_private_urls": True, "webhook_timeout": 5.0})
    dispatcher = Dispatcher(app.state.db, settings)
    try:
        await dispatcher.drain()
    finally:
        await dispatcher.aclose()


async def _delivery(
    client: httpx.AsyncClient, setup: BoardSetup, account: factories.Account, hook_id: str, item_id: str
) -> dict[str, Any]:
    """The hook's delivery of `item_id`'s creation; every delivery must have been attempted and
    have succeeded (so the hook has log rows too)."""
    page = _ok(await client.get(setup.url(f"/hooks/{hook_id}/deliveries"), headers=account.headers))
    assert all(d["status"] == "succeeded" and d["attempts"] for d in page["data"]), page
    [delivery] = [d for d in page["data"] if d["payload"]["id"] == item_id]
    return delivery


async def build_world(
    app: FastAPI,
    client: httpx.AsyncClient,
    private_client: httpx.AsyncClient,
    owner: factories.Account,
    receiver: Receiver,
) -> World:
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
    _ok(response)
    sighted = dict(zip(SIGHTED, [restricted_in, full, admin, owner], strict=True))
    hooks = await _hooks(private_client, setup, sighted, receiver)

    item = await create_item(client, setup, values={"Name": "Matrix secret 7f3a"})
    target = await create_item(client, setup, values={"Name": "Matrix target 2b8d"})
    got = await client.get(setup.url(f"/items/{item['id']}"), params={"expand[]": "values"}, headers=h)
    value_id = next(v["id"] for v in got.json()["values"] if v["data"] == "Matrix secret 7f3a")
    comment = _ok(
        await client.post(
            setup.url(f"/items/{item['id']}/comments"), json={"text": "Matrix comment 9c1e"}, headers=h
        ),
        201,
    )
    view = _ok(
        await client.post(
            setup.url("/views"), json={"type": "list", "folder_id": setup.folder_id}, headers=h
        ),
        201,
    )
    reference = _ok(
        await client.post(
            setup.url("/references"),
            json={"attribute_id": setup.attr("Ref"), "from_item_id": item["id"], "to_item_id": target["id"]},
            headers=h,
        ),
        201,
    )
    attachment = _ok(
        await upload(
            client, owner, png_bytes(40, 30), name="matrix-photo-5d2e.png", content_type="image/png"
        ),
        201,
    )
    assert attachment["thumb"], attachment

    await _deliver(app)
    deliveries = {
        caller: await _delivery(client, setup, sighted[caller], hooks[caller]["id"], item["id"])
        for caller in SIGHTED
    }
    received = receiver.at("owner")
    assert [r.payload["id"] for r in received] == [item["id"], target["id"]], (
        "the owner's hook got its events"
    )

    time_attribute = {"name": "Time", "type": "time_tracking"}
    clock = _ok(await client.post(setup.url("/attributes"), json=time_attribute, headers=h))
    entry = _ok(
        await client.post(
            setup.url("/time-tracking"),
            json={"item_id": item["id"], "attribute_id": clock["id"], "description": "Matrix time 4e1d"},
            headers=h,
        ),
        201,
    )
    # An import run (admin API): nobody in the matrix holds the admin scope, but its id is real.
    async with app.state.db.transaction() as session:
        run = TransferRun(
            key=f"matrix-import-{owner.workspace_id}",
            kind="remote",
            source="https://infinity.example.com",
            source_workspace="3Bd9fLw2kQe",
            workspace_id=owner.workspace_id,
            status="done",
        )
        session.add(run)
        await session.flush()
        import_id = run.id

    other_ws = await client.post("/api/v2/workspaces", json={"name": "Elsewhere"}, headers=h)
    spare_token = await client.post("/api/v2/profile/tokens", json={"name": "spare"}, headers=h)
    revoked = await client.post("/api/v2/profile/tokens", json={"name": "revoked"}, headers=h)
    _ok(await client.delete(f"/api/v2/profile/tokens/{revoked.json()['id']}", headers=h))
    oauth = _ok(
        await client.post(
            "/api/v2/profile/clients",
            json={"name": "Matrix", "redirect_uris": ["https://app.example.com/cb"]},
            headers=h,
        ),
        201,
    )
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
        "client": str(oauth["id"]),
        "comment_id": comment["id"],
        "view_id": view["id"],
        "reference_id": reference["id"],
        "attachment_id": str(attachment["id"]),
        "hook_id": hooks["owner"]["id"],
        "delivery_id": deliveries["owner"]["id"],
        "entry_id": str(entry["id"]),
        "import_id": import_id,
        "workspace_id": str(owner.workspace_id),
    }
    own = {
        caller: {"hook_id": hooks[caller]["id"], "delivery_id": deliveries[caller]["id"]}
        for caller in SIGHTED
    }
    links = {
        kind: urlsplit(relative(attachment[key])).query
        for kind, key in (("download", "link"), ("thumb", "thumb"))
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
        target["id"],
        value_id,
        "Matrix secret 7f3a",
        "Matrix target 2b8d",
        comment["id"],
        "Matrix comment 9c1e",
        "Matrix time 4e1d",
        view["id"],
        reference["id"],
        attachment["path"],
        "matrix-photo-5d2e",
        receiver.prefix,  # in every hook's URL
        *(parse_qs(query)["signature"][0] for query in links.values()),
    ]
    hook_secrets = {
        caller: [hooks[caller]["id"], hooks[caller]["secret"], d["id"], d["webhook_id"]]
        for caller, d in deliveries.items()
    }
    secrets += [secret for listed in hook_secrets.values() for secret in listed]
    return World(params, secrets, tokens, scoped_out, own, links, hook_secrets)
