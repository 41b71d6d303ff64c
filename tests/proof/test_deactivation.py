"""Issue 20 #6: deactivating a user (admin API) stops everything that acts for them, against a real
`openinfinity serve` process and a real local webhook receiver: their webhooks send nothing more
(an active colleague's hook on the same board still does), their personal token and OAuth grant
are refused, their change-feed stream ends, and the invitation they sent no longer lets anyone in.

Before the fix the hook kept delivering board data, the invitation link stayed valid and the OAuth
access token came back with a reactivation."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.accounts.users import service as users
from openinfinity.app import create_app
from openinfinity.auth import accounts
from openinfinity.hooks.models import HookDelivery
from tests import conftest, factories, factories_items
from tests import factories_auth as fa
from tests.changes.sse_client import open_stream
from tests.factories import Account
from tests.factories_items import BoardSetup
from tests.proof.procs import Receiver
from tests.servers import cli_env, running_server

SERVER_ENV = {
    "OPENINFINITY_RATE_LIMIT": "1000000/minute",
    "OPENINFINITY_ALLOW_PRIVATE_URLS": "true",
    "OPENINFINITY_WEBHOOK_POLL_INTERVAL": "0.05",
    "OPENINFINITY_CHANGES_ACCESS_CHECK_SECONDS": "0.5",
    "OPENINFINITY_CHANGES_HEARTBEAT_SECONDS": "0.5",
    "OPENINFINITY_TOKEN_CACHE_SECONDS": "0.2",
    "OPENINFINITY_SECRET_KEY": "deactivation-proof",
    "OPENINFINITY_LOG_LEVEL": "warning",
}


@pytest.fixture
async def app(server_database_url: str) -> AsyncIterator[FastAPI]:
    application = create_app(conftest.test_settings(server_database_url))
    yield application
    await application.state.db.dispose()


async def _wait_for(check: Any, within: float = 15.0) -> Any:
    deadline = time.monotonic() + within
    while True:
        result = check()
        if result:
            return result
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def _items_received(receiver: Receiver) -> set[str]:
    return {b["payload"]["id"] for b in list(receiver.received) if b.get("event") == "item.created"}


async def _oauth_grant(app: FastAPI, user: Account) -> dict[str, Any]:
    """An access and refresh token pair of a third-party application, through the real flow."""
    app_client = await fa.oauth_client(app, user.user_id, public=True)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as browser:
        assert (await fa.sign_in(browser, user.email)).status_code == 303
        code, verifier = await fa.authorization_code(browser, app_client)
        token = await fa.exchange_code(browser, app_client, code, verifier)
    assert token.status_code == 200, token.text
    return {**token.json(), "client_id": app_client.client_id}


async def _hook(http: httpx.AsyncClient, board: BoardSetup, who: Account, url: str) -> str:
    response = await http.post(
        board.url("/hooks"), json={"url": url, "events": ["item.created"]}, headers=who.headers
    )
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


async def test_deactivation_stops_hooks_tokens_grants_streams_and_invitations(
    app: FastAPI, server_database_url: str, tmp_path: Path
) -> None:
    owner = await fa.with_password(app)
    admin = await fa.admin(app)
    member = await factories.member(app, owner.workspace_id, role="admin")
    async with app.state.db.transaction() as session:  # they sign in to grant an application
        await accounts.set_password(session, await users.get_user(session, member.user_id), fa.PASSWORD)
    board = await factories_items.board_setup(app, owner)
    grant = await _oauth_grant(app, member)
    oauth_headers = {"Authorization": f"Bearer {grant['access_token']}"}

    theirs, colleagues = Receiver(), Receiver()
    env = cli_env(server_database_url, **SERVER_ENV)
    with contextlib.ExitStack() as stack:
        stack.callback(theirs.close)
        stack.callback(colleagues.close)
        base = await asyncio.to_thread(stack.enter_context, running_server(env, tmp_path))
        async with httpx.AsyncClient(base_url=base, timeout=15) as http:
            their_hook = await _hook(http, board, member, theirs.url)
            await _hook(http, board, owner, colleagues.url)
            invited = await http.post(
                member.ws("/members/invite"),
                params={"expand[]": "invitation"},
                json={"email": factories.unique_email("invitee")},
                headers=member.headers,
            )
            assert invited.status_code in (200, 201), invited.text
            link = invited.json()["invitation"]["url"].split("/invitations/", 1)[1]
            assert (await http.get(f"/invitations/{link}")).status_code == 200

            # Before: both hooks deliver, every credential works.
            before = (
                await http.post(
                    board.url("/items"), json={"folder_id": board.folder_id}, headers=owner.headers
                )
            ).json()["id"]
            await _wait_for(
                lambda: before in _items_received(theirs) and before in _items_received(colleagues)
            )
            assert (await http.get("/api/v2/workspaces", headers=member.headers)).status_code == 200
            assert (await http.get("/api/v2/workspaces", headers=oauth_headers)).status_code == 200

            async with open_stream(http, f"{base}{board.url('/changes')}", member.headers) as stream:
                await stream.next()
                deactivated = await http.patch(
                    f"/api/v2/admin/users/{member.user_id}", json={"active": False}, headers=admin.headers
                )
                assert deactivated.status_code == 200, deactivated.text
                # The stream ends with `closed` (the commit wakes the access check).
                while (event := await stream.next(10)).event != "closed":
                    pass
                assert event.json["reason"] == "access-revoked"

            # A write after the deactivation reaches the colleague's hook, never theirs.
            after = (
                await http.post(
                    board.url("/items"), json={"folder_id": board.folder_id}, headers=owner.headers
                )
            ).json()["id"]
            await _wait_for(lambda: after in _items_received(colleagues))
            async with app.state.db.transaction(write=False) as session:
                sent = list(
                    await session.scalars(
                        select(HookDelivery.status).where(
                            HookDelivery.hook_id == their_hook,
                            HookDelivery.payload["id"].as_string() == after,
                        )
                    )
                )
            assert sent in ([], ["cancelled"]), sent
            assert after not in _items_received(theirs)

            # Credentials: the personal token and the OAuth grant are refused; the link is dead.
            assert (await http.get("/api/v2/workspaces", headers=member.headers)).status_code == 401
            assert (await http.get("/api/v2/workspaces", headers=oauth_headers)).status_code == 401
            refreshed = await http.post(
                "/oauth/token",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": grant["refresh_token"],
                    "client_id": grant["client_id"],
                },
            )
            assert refreshed.status_code == 400, refreshed.text
            assert (await http.get(f"/invitations/{link}")).status_code == 404
            again = await http.get(
                board.url("/changes"), headers={**member.headers, "Accept": "text/event-stream"}
            )
            assert again.status_code == 401

            # Reactivated: the personal token works again (the admin's decision), the OAuth grant
            # and the invitation stay ended (the application must ask the user again).
            reactivated = await http.patch(
                f"/api/v2/admin/users/{member.user_id}", json={"active": True}, headers=admin.headers
            )
            assert reactivated.status_code == 200, reactivated.text
            assert (await http.get("/api/v2/workspaces", headers=member.headers)).status_code == 200
            assert (await http.get("/api/v2/workspaces", headers=oauth_headers)).status_code == 401
            assert (await http.get(f"/invitations/{link}")).status_code == 404
