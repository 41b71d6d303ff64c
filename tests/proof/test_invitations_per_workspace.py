"""Issue 20 #12: invitation links are per workspace. A stranger inviting the same e-mail into
their own workspace must not burn another workspace's pending invitation."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests import factories_auth as fa


async def _invite(
    client: httpx.AsyncClient, account: factories.Account, email: str, caplog: pytest.LogCaptureFixture
) -> str:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="openinfinity.auth.invitations"):
        response = await client.post(
            account.ws("/members/invite"), json={"email": email}, headers=account.headers
        )
    assert response.status_code == 200, response.text
    found = re.search(r"http://testserver/invitations/(oi_inv_\S+)", caplog.text)
    assert found, "the invitation link is logged"
    return "/invitations/" + found.group(1)


async def test_a_strangers_invitation_leaves_the_others_link_working(
    client: httpx.AsyncClient, app: FastAPI, owner: factories.Account, caplog: pytest.LogCaptureFixture
) -> None:
    stranger = await factories.account(app, name="Stranger")
    email = factories.unique_email("invitee")
    ours = await _invite(client, owner, email, caplog)
    theirs = await _invite(client, stranger, email, caplog)
    assert (await client.get(ours)).status_code == 200  # before the fix: 404
    assert (await client.get(theirs)).status_code == 200
    # Inviting again from the same workspace replaces that workspace's link only.
    ours_again = await _invite(client, owner, email, caplog)
    assert (await client.get(ours)).status_code == 404
    assert (await client.get(ours_again)).status_code == 200
    assert (await client.get(theirs)).status_code == 200
    # Setting the password through one link burns every other.
    page = await client.get(ours_again)
    accepted = await client.post(
        ours_again,
        data={
            "csrf_token": fa.csrf_token(page.text),
            "password": "a fine password",
            "password_confirmation": "a fine password",
        },
    )
    assert accepted.status_code == 303, accepted.text
    assert (await client.get(theirs)).status_code == 404
