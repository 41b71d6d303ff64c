from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.factories import Account

USER_KEYS = [
    "id",
    "object",
    "name",
    "email",
    "photo_url",
    "job",
    "location",
    "tagline",
    "created_at",
    "deleted",
]


async def _emails(client: httpx.AsyncClient, owner: Account, path: str = "/members") -> list[str]:
    response = await client.get(owner.ws(path), params={"limit": 100}, headers=owner.headers)
    assert response.status_code == 200
    return sorted(u["email"] for u in response.json()["data"])


@pytest.mark.parametrize("path", ["/users", "/members"])
async def test_lists_have_the_seed_user_shape(client: httpx.AsyncClient, owner: Account, path: str) -> None:
    response = await client.get(owner.ws(path), headers=owner.headers)
    body = response.json()
    assert response.status_code == 200
    assert body["has_more"] is False
    (user,) = body["data"]
    assert list(user) == USER_KEYS
    assert user["object"] == "user"
    assert user["photo_url"] == "http://testserver/profile/avatar.svg?name=Damian%20Peterson"
    assert user["created_at"].endswith("Z") and len(user["created_at"]) == len("2020-11-25T15:31:38.000000Z")


async def test_invite_unknown_email_creates_pending_member(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.post(
        owner.ws("/members/invite"),
        json={"email": "New.Person@Example.com", "role": "full-member"},
        headers=owner.headers,
    )
    assert response.status_code == 200
    assert response.json()["email"] == "new.person@example.com"
    assert response.json()["name"] == "new.person"
    assert "new.person@example.com" in await _emails(client, owner)
    again = await client.post(
        owner.ws("/members/invite"), json={"email": "new.person@example.com"}, headers=owner.headers
    )
    assert again.status_code == 200
    assert (await _emails(client, owner)).count("new.person@example.com") == 1


async def test_add_existing_user_change_role_and_remove(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    outsider = await factories.acquaintance(app, owner, name="Jane Doe")
    added = await client.put(
        owner.ws(f"/members/{outsider.user_id}"), json={"role": "admin"}, headers=owner.headers
    )
    assert added.status_code == 200
    assert added.json()["id"] == outsider.user_id
    # the new admin can now see the workspace and manage members
    seen = await client.get(owner.ws("/members"), headers=outsider.headers)
    assert seen.status_code == 200
    changed = await client.patch(
        owner.ws(f"/members/{outsider.user_id}"), json={"role": "restricted-member"}, headers=owner.headers
    )
    assert changed.status_code == 200
    removed = await client.delete(owner.ws(f"/members/{outsider.user_id}"), headers=owner.headers)
    assert removed.status_code == 200
    assert removed.json()["email"] == outsider.email
    assert outsider.email not in await _emails(client, owner)
    assert (await client.get(owner.ws("/members"), headers=outsider.headers)).status_code == 404


async def test_put_without_body_adds_as_restricted(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    outsider = await factories.acquaintance(app, owner)
    response = await client.put(owner.ws(f"/members/{outsider.user_id}"), headers=owner.headers)
    assert response.status_code == 200
    # a restricted member cannot manage members
    refused = await client.post(
        owner.ws("/members/invite"), json={"email": "z@example.com"}, headers=outsider.headers
    )
    assert refused.status_code == 403


async def test_owner_cannot_be_removed_or_demoted(client: httpx.AsyncClient, owner: Account) -> None:
    removed = await client.delete(owner.ws(f"/members/{owner.user_id}"), headers=owner.headers)
    assert removed.status_code == 403
    assert removed.json()["code"] == "general/forbidden"
    demoted = await client.put(
        owner.ws(f"/members/{owner.user_id}"), json={"role": "admin"}, headers=owner.headers
    )
    assert demoted.status_code == 403
    owner_role = await client.put(
        owner.ws(f"/members/{owner.user_id}"), json={"role": "owner"}, headers=owner.headers
    )
    assert owner_role.status_code == 422
    assert owner.email in await _emails(client, owner)


@pytest.mark.parametrize("role", ["restricted-member", "full-member"])
async def test_non_managers_get_403_on_writes(
    app: FastAPI, client: httpx.AsyncClient, owner: Account, role: str
) -> None:
    member = await factories.member(app, owner.workspace_id, role=role)
    assert (await client.get(owner.ws("/members"), headers=member.headers)).status_code == 200
    for method, path, body in [
        ("POST", "/members/invite", {"email": "q@example.com"}),
        ("PUT", f"/members/{owner.user_id}", {"role": "admin"}),
        ("DELETE", f"/members/{member.user_id}", None),
    ]:
        response = await client.request(method, owner.ws(path), json=body, headers=member.headers)
        assert response.status_code == 403, (method, path)
    assert "q@example.com" not in await _emails(client, owner)


async def test_admin_cannot_remove_another_admin(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    first = await factories.member(app, owner.workspace_id, role="admin")
    second = await factories.member(app, owner.workspace_id, role="admin")
    response = await client.delete(owner.ws(f"/members/{second.user_id}"), headers=first.headers)
    assert response.status_code == 403


async def test_strangers_get_404_everywhere(app: FastAPI, client: httpx.AsyncClient, owner: Account) -> None:
    stranger = await factories.account(app)
    for method, path, body in [
        ("GET", "/users", None),
        ("GET", "/members", None),
        ("POST", "/members/invite", {"email": "s@example.com"}),
        ("PUT", f"/members/{stranger.user_id}", {"role": "admin"}),
        ("DELETE", f"/members/{owner.user_id}", None),
    ]:
        response = await client.request(method, owner.ws(path), json=body, headers=stranger.headers)
        assert response.status_code == 404, (method, path)
        assert response.json() == {"message": "Workspace not found.", "code": "general/not-found"}
    assert stranger.email not in await _emails(client, owner)


@pytest.mark.parametrize("user", ["999999999", "abc", "1e3", "-1", "99999999999999999999999"])
async def test_unknown_or_malformed_user_ids_are_404(
    client: httpx.AsyncClient, owner: Account, user: str
) -> None:
    assert (await client.put(owner.ws(f"/members/{user}"), json={}, headers=owner.headers)).status_code == 404
    assert (await client.delete(owner.ws(f"/members/{user}"), headers=owner.headers)).status_code == 404


async def test_members_paginate(app: FastAPI, client: httpx.AsyncClient, owner: Account) -> None:
    for _ in range(4):
        await factories.member(app, owner.workspace_id)
    page = (
        await client.get(owner.ws("/members"), params={"limit": 2, "sort_by": "id"}, headers=owner.headers)
    ).json()
    assert len(page["data"]) == 2 and page["has_more"] is True
    rest = (
        await client.get(
            owner.ws("/members"),
            params={"limit": 10, "sort_by": "id", "after": page["after"]},
            headers=owner.headers,
        )
    ).json()
    assert len(rest["data"]) == 3 and rest["has_more"] is False
