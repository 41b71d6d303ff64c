"""Issue 20 #6, deliveries already queued: a delivery fanned out before its hook's owner was
deactivated (a pending first attempt, or a retry) is cancelled when claimed, never sent; the
owner's other hooks stay quiet until they are reactivated."""

from __future__ import annotations

import asyncio

import httpx
from fastapi import FastAPI
from sqlalchemy import select, update

from openinfinity.accounts.users.models import User
from openinfinity.hooks.dispatcher import Dispatcher
from openinfinity.hooks.models import HookDelivery
from tests import factories, factories_hooks
from tests.hooks.receiver import Receiver


async def _set_active(app: FastAPI, user_id: int, active: bool) -> None:
    async with app.state.db.transaction() as session:
        await session.execute(update(User).where(User.id == user_id).values(active=active))


async def test_queued_deliveries_of_a_deactivated_owner_are_cancelled(
    hooks_app: FastAPI,
    hclient: httpx.AsyncClient,
    hooker: factories.Account,
    board_id: str,
    receiver: Receiver,
    dispatcher: Dispatcher,
) -> None:
    created = await hclient.post(
        hooker.ws(f"/boards/{board_id}/hooks"),
        json={"url": receiver.url(), "events": ["item.updated"]},
        headers=hooker.headers,
    )
    assert created.status_code in (200, 201), created.text
    hook_id = created.json()["id"]
    while await dispatcher.fan_out():  # events other tests left on the shared database
        pass
    payload = factories_hooks.item_payload("item-1", board_id)
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", payload, item_id="item-1")
    assert await dispatcher.fan_out() == 1  # queued while the owner was active
    await _set_active(hooks_app, hooker.user_id, False)

    assert await dispatcher.claim() == []  # before: claimed and sent
    async with hooks_app.state.db.transaction(write=False) as session:
        statuses = list(
            await session.scalars(select(HookDelivery.status).where(HookDelivery.hook_id == hook_id))
        )
    assert statuses == ["cancelled"]
    await asyncio.sleep(0.2)
    assert receiver.at() == []

    # Reactivated: new events are delivered again.
    await _set_active(hooks_app, hooker.user_id, True)
    await factories_hooks.record(hooks_app, hooker, board_id, "item.updated", payload, item_id="item-1")
    await dispatcher.drain()
    assert len(await receiver.wait_for(1)) == 1
