"""The opt-in extras of the members API: roles (`expand[]=membership`) and the invitation link
(`expand[]=invitation`) the web app shows because no mail is sent."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests import factories
from tests.factories import Account


async def test_membership_expand_gives_each_role_and_pending(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    admin = await factories.member(app, owner.workspace_id, role="admin")
    restricted = await factories.member(app, owner.workspace_id, role="restricted-member")
    invited = await client.post(
        owner.ws("/members/invite"), json={"email": "pending@example.com"}, headers=owner.headers
    )
    response = await client.get(
        owner.ws("/members"), params={"expand[]": "membership", "limit": 100}, headers=restricted.headers
    )
    assert response.status_code == 200
    by_id = {u["id"]: u["membership"] for u in response.json()["data"]}
    assert by_id == {
        owner.user_id: {"role": "owner", "pending": False},
        admin.user_id: {"role": "admin", "pending": False},
        restricted.user_id: {"role": "restricted-member", "pending": False},
        invited.json()["id"]: {"role": "restricted-member", "pending": True},
    }


async def test_changed_role_shows_in_the_put_answer(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    member = await factories.member(app, owner.workspace_id, role="full-member")
    changed = await client.patch(
        owner.ws(f"/members/{member.user_id}"),
        params={"expand[]": "membership"},
        json={"role": "restricted-member"},
        headers=owner.headers,
    )
    assert changed.status_code == 200
    assert changed.json()["membership"] == {"role": "restricted-member", "pending": False}


async def test_invitation_expand_returns_a_working_single_use_link(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    first = await client.post(
        owner.ws("/members/invite"),
        params={"expand[]": ["invitation", "membership"]},
        json={"email": "Invitee@Example.com", "role": "full-member"},
        headers=owner.headers,
    )
    assert first.status_code == 200
    body = first.json()
    assert body["membership"] == {"role": "full-member", "pending": True}
    url = body["invitation"]["url"]
    assert url.startswith("http://testserver/invitations/oi_inv_")
    assert body["invitation"]["expires_at"].endswith("Z")
    # Inviting again hands out a new link; the first one stops working.
    second = await client.post(
        owner.ws("/members/invite"),
        params={"expand[]": "invitation"},
        json={"email": "invitee@example.com"},
        headers=owner.headers,
    )
    assert (await client.get(url.removeprefix("http://testserver"))).status_code == 404
    fresh = second.json()["invitation"]["url"].removeprefix("http://testserver")
    assert (await client.get(fresh)).status_code == 200


async def test_no_link_for_users_who_can_already_sign_in(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    existing = await factories.account(app)
    response = await client.post(
        owner.ws("/members/invite"),
        params={"expand[]": "invitation"},
        json={"email": existing.email},
        headers=owner.headers,
    )
    assert response.status_code == 200
    assert response.json()["invitation"] is None


async def test_without_expand_the_shapes_stay_the_hosted_ones(
    client: httpx.AsyncClient, owner: Account
) -> None:
    invited = await client.post(
        owner.ws("/members/invite"), json={"email": "plain@example.com"}, headers=owner.headers
    )
    assert "invitation" not in invited.json() and "membership" not in invited.json()
    listed = await client.get(owner.ws("/members"), headers=owner.headers)
    assert all("membership" not in u for u in listed.json()["data"])


async def test_unknown_expand_is_a_422(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.get(owner.ws("/members"), params={"expand[]": "secrets"}, headers=owner.headers)
    assert response.status_code == 422
    assert response.json()["code"] == "general/invalid-fields"
    assert "expand.0" in response.json()["errors"]
