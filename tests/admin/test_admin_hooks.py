"""GET /admin/hooks: every hook of the instance with its state and last failure, no secrets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from openinfinity.hooks.models import FAILED, HookAttempt, HookDelivery
from tests import factories, factories_boards
from tests import factories_auth as fa
from tests.factories import Account


async def test_admin_lists_hooks_with_last_failure(
    app: FastAPI, make_client: Callable[..., Any], owner: Account
) -> None:
    client = await make_client(allow_private_urls=True)
    board = await factories_boards.board(app, owner)
    created = await client.post(
        owner.ws(f"/boards/{board.id}/hooks"),
        json={"url": "http://127.0.0.1:9/hook", "events": ["item.created"]},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    hook_id = created.json()["id"]
    async with app.state.db.transaction() as session:
        delivery = HookDelivery(
            hook_id=hook_id, event="item.created", payload={}, message_id="msg_1", status=FAILED, attempts=1
        )
        session.add(delivery)
        await session.flush()
        for attempt, code in ((1, 500), (2, 502)):
            session.add(
                HookAttempt(
                    delivery_id=delivery.id,
                    hook_id=hook_id,
                    attempt=attempt,
                    event="item.created",
                    url="http://127.0.0.1:9/hook",
                    request_headers={},
                    status_code=code,
                    success=False,
                    error=f"HTTP {code}",
                )
            )
            await session.flush()

    admin = await fa.admin(app)
    listed = await client.get("/api/v2/admin/hooks", params={"limit": 100}, headers=admin.headers)
    assert listed.status_code == 200
    (row,) = [h for h in listed.json()["data"] if h["id"] == hook_id]
    assert row["active"] is True and row["board_id"] == board.id and row["user_id"] == owner.user_id
    assert row["workspace_id"] == owner.workspace_id
    assert "secret" not in row
    assert row["last_failure"]["attempt"] == 2 and row["last_failure"]["status_code"] == 502

    # Hook owners without the admin flag are refused; anonymous callers get 401.
    assert (await client.get("/api/v2/admin/hooks", headers=owner.headers)).status_code == 403
    assert (await client.get("/api/v2/admin/hooks")).status_code == 401
    plain = await factories.token(app, admin.user_id)
    assert (await client.get("/api/v2/admin/hooks", headers={"x-api-token": plain})).status_code == 403
