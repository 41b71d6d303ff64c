"""Delivery to a real local receiver: bodies, signatures, order, retries, deactivation."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI
from standardwebhooks import Webhook, WebhookVerificationError

from openinfinity import __version__
from openinfinity.hooks.dispatcher import Dispatcher
from openinfinity.hooks.schemas import HOOK_EVENTS
from tests import factories_hooks
from tests.factories import Account
from tests.hooks.receiver import Receiver, Reply
from tests.hooks.test_routes import create, hooks_path


@asynccontextmanager
async def running(dispatcher: Dispatcher) -> AsyncIterator[None]:
    """The dispatcher's loop in the background, as `serve` and `openinfinity worker` run it."""
    stop = asyncio.Event()
    task = asyncio.create_task(dispatcher.run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


async def get_hook(client: httpx.AsyncClient, account: Account, board_id: str, hook_id: str) -> dict:
    response = await client.get(hooks_path(account, board_id, f"/{hook_id}"), headers=account.headers)
    assert response.status_code == 200
    return response.json()


async def deliveries(client: httpx.AsyncClient, account: Account, board_id: str, hook_id: str) -> list[dict]:
    response = await client.get(
        hooks_path(account, board_id, f"/{hook_id}/deliveries"),
        params={"limit": 100},
        headers=account.headers,
    )
    assert response.status_code == 200
    return list(response.json()["data"])


async def test_every_event_is_delivered_signed_with_its_payload(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=list(HOOK_EVENTS))
    item = str(uuid.uuid4())
    sent = []
    for event in HOOK_EVENTS:
        payload = factories_hooks.item_payload(item, board_id, note=event)
        if event.startswith("value."):
            payload = factories_hooks.value_payload(str(uuid.uuid4()), item)
        await factories_hooks.record(hooks_app, hooker, board_id, event, payload, item_id=item)
        sent.append({"event": event, "payload": payload})
    await dispatcher.drain()

    received = receiver.at()
    assert [r.json for r in received] == sent
    verifier = Webhook(hook["secret"])
    ids = set()
    for request in received:
        assert request.headers["user-agent"] == f"openinfinity/{__version__}"
        assert request.headers["content-type"] == "application/json"
        assert verifier.verify(request.body, request.headers) == request.json
        ids.add(request.headers["webhook-id"])
    assert len(ids) == len(HOOK_EVENTS)
    with pytest.raises(WebhookVerificationError):
        Webhook(factories_hooks_secret_other()).verify(received[0].body, received[0].headers)
    tampered = received[0].body.replace(b"item.created", b"item.updated")
    with pytest.raises(WebhookVerificationError):
        verifier.verify(tampered, received[0].headers)


def factories_hooks_secret_other() -> str:
    from openinfinity.hooks.signing import new_secret

    return new_secret()


async def test_only_subscribed_events_of_the_hooks_board_are_sent(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    await create(hclient, hooker, board_id, url=receiver.url("a"), events=["value.updated"])
    await create(hclient, hooker, board_id, url=receiver.url("b"), events=[{"event": "item.deleted"}])
    await create(hclient, hooker, board_id, url=receiver.url("none"), events=[])
    other_board = await factories_hooks.board(hooks_app, hooker, name="Other")
    await create(hclient, hooker, other_board, url=receiver.url("other"), events=list(HOOK_EVENTS))
    item = str(uuid.uuid4())
    for event in ("item.created", "value.created", "value.updated", "item.updated", "item.deleted"):
        await factories_hooks.record(
            hooks_app, hooker, board_id, event, factories_hooks.item_payload(item, board_id), item_id=item
        )
    await dispatcher.drain()
    assert [r.event for r in receiver.at("a")] == ["value.updated"]
    assert [r.event for r in receiver.at("b")] == ["item.deleted"]
    assert receiver.at("none") == []
    assert receiver.at("other") == []


async def test_a_hook_of_a_user_who_lost_access_receives_nothing(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    from tests import factories

    member = await factories.member(hooks_app, hooker.workspace_id, role="restricted-member")
    board_id = await factories_hooks.board(hooks_app, hooker, user_ids=(member.user_id,))
    await create(hclient, member, board_id, url=receiver.url("member"), events=["item.updated"])
    await create(hclient, hooker, board_id, url=receiver.url("owner"), events=["item.updated"])
    async with hooks_app.state.db.transaction() as session:
        from sqlalchemy import delete

        from openinfinity.boards.models import BoardUser

        await session.execute(delete(BoardUser).where(BoardUser.user_id == member.user_id))
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "x", "object": "item"})
    await dispatcher.drain()
    assert len(receiver.at("owner")) == 1
    assert receiver.at("member") == []


async def test_retry_schedule_then_success(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    """Attempt 1 at once, attempt 2 after the first delay, attempt 3 after the second (0.3 s and
    0.6 s here, 60 s and 600 s by default); same webhook-id each time."""
    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=["item.updated"])
    receiver.script("hook", Reply(status=500, body=b"boom"), Reply(status=503), Reply(status=204))
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "i1", "object": "item"})
    async with running(dispatcher):
        received = await receiver.wait_for(3, "hook")
        await asyncio.sleep(0.1)
    first, second, third = received
    assert second.at - first.at >= 0.3
    assert third.at - second.at >= 0.6
    assert len({r.headers["webhook-id"] for r in received}) == 1
    [delivery] = await deliveries(hclient, hooker, board_id, hook["id"])
    assert delivery["status"] == "succeeded"
    assert delivery["attempts_made"] == 3
    attempts = delivery["attempts"]
    assert [a["attempt"] for a in attempts] == [1, 2, 3]
    assert [a["status_code"] for a in attempts] == [500, 503, 204]
    assert [a["success"] for a in attempts] == [False, False, True]
    assert attempts[0]["response"] == "boom"
    assert attempts[0]["request_headers"]["webhook-id"] == delivery["webhook_id"]
    assert all(a["duration_ms"] >= 0 for a in attempts)
    assert (await get_hook(hclient, hooker, board_id, hook["id"]))["active"] is True


async def test_three_failures_deactivate_and_an_update_reactivates(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=["item.updated"])
    receiver.default("hook", Reply(status=500))
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "i1", "object": "item"})
    async with running(dispatcher):
        await receiver.wait_for(3, "hook")
        for _ in range(100):
            if not (await get_hook(hclient, hooker, board_id, hook["id"]))["active"]:
                break
            await asyncio.sleep(0.02)
    assert (await get_hook(hclient, hooker, board_id, hook["id"]))["active"] is False
    [delivery] = await deliveries(hclient, hooker, board_id, hook["id"])
    assert delivery["status"] == "failed"
    assert delivery["attempts_made"] == 3

    # Deactivated: a new event is not sent.
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "i2", "object": "item"})
    await dispatcher.drain()
    assert len(receiver.at("hook")) == 3

    # Updating re-activates; later events are delivered again.
    receiver.default("hook", Reply(status=200))
    response = await hclient.put(
        hooks_path(hooker, board_id, f"/{hook['id']}"), json={"url": receiver.url()}, headers=hooker.headers
    )
    assert response.json()["active"] is True
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "i3", "object": "item"})
    await dispatcher.drain()
    assert [r.payload["id"] for r in receiver.at("hook")][3:] == ["i3"]


async def test_410_gone_deactivates_at_once(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=["item.updated"])
    receiver.default("hook", Reply(status=410))
    # Two events of one item: the second waits for the first, which deactivates the hook.
    for n in range(2):
        await factories_hooks.record(
            hooks_app, hooker, board_id, "item.updated", {"id": "i", "object": "item", "n": n}, item_id="i"
        )
    await dispatcher.drain()
    assert len(receiver.at("hook")) == 1
    assert (await get_hook(hclient, hooker, board_id, hook["id"]))["active"] is False
    statuses = sorted(d["status"] for d in await deliveries(hclient, hooker, board_id, hook["id"]))
    assert statuses == ["cancelled", "failed"]
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "j", "object": "item"})
    await dispatcher.drain()
    assert len(receiver.at("hook")) == 1


async def test_timeouts_refused_connections_and_redirects_are_failures(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    slow = await create(hclient, hooker, board_id, url=receiver.url("slow"), events=["item.updated"])
    receiver.script("slow", Reply(delay=1.5))
    moved = await create(hclient, hooker, board_id, url=receiver.url("moved"), events=["item.updated"])
    receiver.script("moved", Reply(status=302, headers=((b"location", receiver.url("target").encode()),)))
    closed = await create(hclient, hooker, board_id, url="http://127.0.0.1:9/closed", events=["item.updated"])
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "i1", "object": "item"})
    await dispatcher.drain()

    [slow_delivery] = await deliveries(hclient, hooker, board_id, slow["id"])
    assert slow_delivery["attempts"][0]["error"] == "No response within 1 seconds."
    assert slow_delivery["attempts"][0]["status_code"] is None
    [moved_delivery] = await deliveries(hclient, hooker, board_id, moved["id"])
    assert moved_delivery["attempts"][0]["status_code"] == 302
    assert moved_delivery["attempts"][0]["success"] is False
    assert receiver.at("target") == []
    [closed_delivery] = await deliveries(hclient, hooker, board_id, closed["id"])
    assert closed_delivery["attempts"][0]["error"].startswith("Could not connect")


async def test_private_addresses_are_refused_at_delivery(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
) -> None:
    """A hook created while private targets were allowed is not called once they are not: the
    resolved address is checked on every attempt."""
    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=["item.updated"])
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "i1", "object": "item"})
    strict = hooks_app.state.settings.model_copy(update={"allow_private_urls": False})
    worker = Dispatcher(hooks_app.state.db, strict)
    try:
        await worker.drain()
    finally:
        await worker.aclose()
    assert receiver.at() == []
    [delivery] = await deliveries(hclient, hooker, board_id, hook["id"])
    assert "private or loopback" in delivery["attempts"][0]["error"]


async def test_events_of_one_item_arrive_in_order_despite_retries(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    await create(hclient, hooker, board_id, url=receiver.url(), events=["item.updated", "value.created"])
    receiver.fail_once_when(lambda body: b'"n":0' in body, Reply(status=500))  # x's first event fails once
    x, y = "item-x", "item-y"
    for n in range(3):
        await factories_hooks.record(
            hooks_app, hooker, board_id, "item.updated", {"id": x, "object": "item", "n": n}, item_id=x
        )
    await factories_hooks.record(
        hooks_app, hooker, board_id, "value.created", {"id": "v", "object": "value", "item_id": y}, item_id=y
    )
    async with running(dispatcher):
        received = await receiver.wait_for(5, "hook")
    for_x = [r.payload["n"] for r in received if r.payload["id"] == x]
    assert for_x == [0, 0, 1, 2]  # attempt 1 of event 0 failed; nothing after it overtook its retry
    # The other item's event did not wait for item x's retry (0.3 s later).
    retry_of_x = [i for i, r in enumerate(received) if r.payload.get("n") == 0][1]
    value_of_y = next(i for i, r in enumerate(received) if r.payload["id"] == "v")
    assert value_of_y < retry_of_x


async def test_logs_deliveries_redeliver_and_test_call(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=["comment.created"])
    receiver.script("hook", Reply(status=500, body=b"x" * 5000))
    payload = {"id": "c1", "object": "comment", "text": "hi", "item": {"id": "i", "folder_id": "f"}}
    await factories_hooks.record(hooks_app, hooker, board_id, "comment.created", payload, item_id="i")
    async with running(dispatcher):  # attempt 1 fails, attempt 2 succeeds
        await receiver.wait_for(2, "hook")

    listed = await hclient.get(
        hooks_path(hooker, board_id), params={"expand[]": "logs"}, headers=hooker.headers
    )
    [entry] = [h for h in listed.json()["data"] if h["id"] == hook["id"]]
    second, first = entry["logs"]  # newest first
    assert first["object"] == "hook_log"
    assert first["event"] == "comment.created"
    assert (first["attempt"], first["status_code"], first["success"]) == (1, 500, False)
    assert first["response"] == "x" * 1024 + "…"
    assert first["duration_ms"] >= 0 and first["created_at"].endswith("Z")
    assert (second["attempt"], second["status_code"], second["success"]) == (2, 200, True)
    assert second["delivery_id"] == first["delivery_id"]

    [delivery] = await deliveries(hclient, hooker, board_id, hook["id"])
    path = hooks_path(hooker, board_id, f"/{hook['id']}/deliveries/{delivery['id']}/redeliver")
    again = await hclient.post(path, headers=hooker.headers)
    assert again.status_code == 202
    assert again.json()["object"] == "hook_delivery"
    assert again.json()["webhook_id"] == delivery["webhook_id"]
    await dispatcher.drain()
    assert len(receiver.at()) == 3
    webhook_ids = {r.headers["webhook-id"] for r in receiver.at()}
    assert webhook_ids == {delivery["webhook_id"]}
    assert all(r.json == {"event": "comment.created", "payload": payload} for r in receiver.at())
    missing = hooks_path(hooker, board_id, f"/{hook['id']}/deliveries/{uuid.uuid4()}/redeliver")
    assert (await hclient.post(missing, headers=hooker.headers)).status_code == 404

    test = await hclient.post(hooks_path(hooker, board_id, f"/{hook['id']}/test"), headers=hooker.headers)
    assert test.status_code == 202
    await dispatcher.drain()
    last = receiver.at()[-1]
    assert last.event == "hook.test"
    assert last.payload["id"] == hook["id"]
    Webhook(hook["secret"]).verify(last.body, last.headers)

    page = await hclient.get(
        hooks_path(hooker, board_id, f"/{hook['id']}/deliveries"), params={"limit": 2}, headers=hooker.headers
    )
    body = page.json()
    assert body["has_more"] is True and len(body["data"]) == 2
    assert [d["event"] for d in body["data"]] == ["hook.test", "comment.created"]
