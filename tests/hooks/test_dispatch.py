"""Dispatcher behaviour beyond single deliveries: deleted hooks, slow receivers, retention."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from openinfinity.hooks.dispatcher import Dispatcher
from tests import factories_hooks
from tests.factories import Account
from tests.hooks.receiver import Receiver, Reply
from tests.hooks.test_delivery import deliveries, running
from tests.hooks.test_routes import create, hooks_path


async def test_deleting_a_hook_stops_its_deliveries(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=["item.updated"])
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "i1", "object": "item"})
    await dispatcher.fan_out()
    await hclient.delete(hooks_path(hooker, board_id, f"/{hook['id']}"), headers=hooker.headers)
    await dispatcher.drain()
    assert receiver.at() == []


async def test_history_past_the_retention_period_is_pruned(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    from datetime import timedelta

    from sqlalchemy import select, update

    from openinfinity.core.events import OutboxEvent
    from openinfinity.core.models import utcnow
    from openinfinity.hooks.models import HookDelivery

    hook = await create(hclient, hooker, board_id, url=receiver.url(), events=["item.updated"])
    old_id = await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "old"})
    await dispatcher.drain()
    recent_id = await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"id": "new"})
    await dispatcher.drain()
    long_ago = utcnow() - timedelta(days=31)
    async with hooks_app.state.db.transaction() as session:
        await session.execute(
            update(OutboxEvent).where(OutboxEvent.id == old_id).values(dispatched_at=long_ago)
        )
        await session.execute(
            update(HookDelivery).where(HookDelivery.event_id == old_id).values(completed_at=long_ago)
        )
    assert await dispatcher.prune() >= 2
    [kept] = await deliveries(hclient, hooker, board_id, hook["id"])
    assert kept["payload"] == {"id": "new"}
    async with hooks_app.state.db.transaction(write=False) as session:
        remaining = set(
            await session.scalars(select(OutboxEvent.id).where(OutboxEvent.id.in_([old_id, recent_id])))
        )
    assert remaining == {recent_id}


async def test_a_slow_receiver_does_not_hold_up_other_hooks(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    await create(hclient, hooker, board_id, url=receiver.url("slow"), events=["value.created"])
    await create(hclient, hooker, board_id, url=receiver.url("fast"), events=["item.updated"])
    receiver.default("slow", Reply(delay=2.0))
    await factories_hooks.record(hooks_app, hooker, board_id, "value.created", {"id": "v"}, item_id="a")
    async with running(dispatcher):
        [slow] = await receiver.wait_for(1, "slow")
        for n in range(2):  # one after the other: each is claimed while the slow one is in flight
            await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", {"n": n}, item_id="b")
            await receiver.wait_for(n + 1, "fast")
        fast_done = receiver.at("fast")[-1].at
    assert fast_done - slow.at < 2.0  # before the slow receiver even answered
