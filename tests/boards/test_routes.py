from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests import factories
from tests.factories import Account
from tests.factories_boards import board


async def test_create_board_matches_seed(client: httpx.AsyncClient, owner: Account) -> None:
    body = {
        "name": "Development Tasks",
        "description": "Product Development board",
        "color": "#f57740",
        "user_ids": [],
    }
    response = await client.post(owner.ws("/boards"), json=body, headers=owner.headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created == {
        "id": created["id"],
        "object": "board",
        "name": "Development Tasks",
        "sort_order": "65536.000000000000000000000000000000",
        "color": "#f57740",
        "description": "Product Development board",
        "og_image": None,
        "user_ids": [owner.user_id],
        "deleted": False,
    }
    assert len(created["id"]) == 11 and created["id"].isalnum()
    again = await client.get(owner.ws(f"/boards/{created['id']}"), headers=owner.headers)
    assert again.status_code == 200
    assert again.json() == created
    assert "Last-Modified" in again.headers


async def test_new_board_goes_after_the_last(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    await board(app, owner, sort_order=393216)
    response = await client.post(owner.ws("/boards"), json={"name": "Next"}, headers=owner.headers)
    assert response.json()["sort_order"] == "458752.000000000000000000000000000000"


async def test_list_boards_paginates_both_directions(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = [(await board(app, owner, name=f"B{i}")).id for i in range(5)]
    for direction in ("asc", "desc"):
        seen: list[str] = []
        after = ""
        while True:
            response = await client.get(
                owner.ws("/boards"),
                params={"limit": 2, "sort_by": "id", "sort_direction": direction, "after": after},
                headers=owner.headers,
            )
            assert response.status_code == 200
            page = response.json()
            seen += [b["id"] for b in page["data"]]
            if not page["has_more"]:
                break
            after = page["after"]
        assert seen == sorted(made, reverse=direction == "desc")
    by_created = await client.get(owner.ws("/boards"), headers=owner.headers)
    assert [b["id"] for b in by_created.json()["data"]] == list(reversed(made))


async def test_user_ids_must_be_workspace_members(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    stranger = await factories.account(app)
    mate = await factories.member(app, owner.workspace_id, role="full-member")
    response = await client.post(
        owner.ws("/boards"),
        json={"name": "X", "user_ids": [mate.user_id, stranger.user_id]},
        headers=owner.headers,
    )
    assert response.status_code == 422
    assert response.json()["invalidFields"] == ["user_ids.2"]
    listed = await client.get(owner.ws("/boards"), headers=owner.headers)
    assert listed.json()["data"] == []
    ok = await client.post(
        owner.ws("/boards"), json={"name": "X", "user_ids": [mate.user_id]}, headers=owner.headers
    )
    assert ok.json()["user_ids"] == sorted([owner.user_id, mate.user_id])


async def test_bad_input_is_422_and_writes_nothing(client: httpx.AsyncClient, owner: Account) -> None:
    cases = [
        {},
        {"name": ""},
        {"name": "   "},
        {"name": 5},
        {"name": "x" * 256},
        {"name": "ok", "color": "blue"},
        {"name": "ok", "color": "#12345"},
        {"name": "ok", "user_ids": "1"},
        {"name": "ok", "user_ids": ["a"]},
        {"name": "ok", "description": ["x"]},
        {"name": "ok", "sort_order": "abc"},
    ]
    for body in cases:
        response = await client.post(owner.ws("/boards"), json=body, headers=owner.headers)
        assert response.status_code == 422, (body, response.text)
        assert response.json()["code"] in ("general/invalid-fields", "general/missing-fields")
        assert response.json()["errors"]
    listed = await client.get(owner.ws("/boards"), headers=owner.headers)
    assert listed.json()["data"] == []


async def test_unknown_fields_are_ignored(client: httpx.AsyncClient, owner: Account) -> None:
    response = await client.post(
        owner.ws("/boards"), json={"name": "A", "og_image": "x", "bogus": 1}, headers=owner.headers
    )
    assert response.status_code == 201
    assert response.json()["og_image"] is None


async def test_update_board_put_and_patch(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner, name="Old", description="d", color="#ffffff")
    mate = await factories.member(app, owner.workspace_id, role="restricted-member")
    url = owner.ws(f"/boards/{made.id}")
    response = await client.patch(url, json={"name": "New"}, headers=owner.headers)
    assert response.status_code == 200
    assert response.json()["name"] == "New"
    assert response.json()["description"] == "d"
    response = await client.put(
        url, json={"color": "#ABC", "description": None, "user_ids": [mate.user_id]}, headers=owner.headers
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["color"], body["description"]) == ("New", "#ABC", None)
    assert body["user_ids"] == sorted([owner.user_id, mate.user_id])
    bad = await client.patch(url, json={"color": "red", "name": "Changed"}, headers=owner.headers)
    assert bad.status_code == 422
    assert (await client.get(url, headers=owner.headers)).json() == body


async def test_delete_board_is_soft(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    url = owner.ws(f"/boards/{made.id}")
    response = await client.delete(url, headers=owner.headers)
    assert response.status_code == 200
    assert response.json() == {"id": made.id, "object": "board", "deleted": True}
    assert (await client.get(url, headers=owner.headers)).status_code == 404
    assert (await client.delete(url, headers=owner.headers)).status_code == 404
    assert (await client.get(owner.ws("/boards"), headers=owner.headers)).json()["data"] == []


async def test_restricted_member_visibility_and_writes(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    restricted = await factories.member(app, owner.workspace_id, role="restricted-member")
    shared = await board(app, owner, name="Shared", user_ids=[restricted.user_id])
    hidden = await board(app, owner, name="Hidden")
    listed = await client.get(restricted.ws("/boards"), headers=restricted.headers)
    assert [b["id"] for b in listed.json()["data"]] == [shared.id]
    assert (
        await client.get(restricted.ws(f"/boards/{hidden.id}"), headers=restricted.headers)
    ).status_code == 404
    # Hidden boards stay 404 on writes too; visible ones are 403.
    for method in ("PATCH", "PUT", "DELETE"):
        json = None if method == "DELETE" else {"name": "Mine"}
        seen = await client.request(
            method, restricted.ws(f"/boards/{shared.id}"), json=json, headers=restricted.headers
        )
        assert seen.status_code == 403, method
        unseen = await client.request(
            method, restricted.ws(f"/boards/{hidden.id}"), json=json, headers=restricted.headers
        )
        assert unseen.status_code == 404, method
    created = await client.post(restricted.ws("/boards"), json={"name": "Mine"}, headers=restricted.headers)
    assert created.status_code == 403
    assert created.json()["code"] == "general/forbidden"
    assert (await client.get(owner.ws(f"/boards/{shared.id}"), headers=owner.headers)).json()[
        "name"
    ] == "Shared"


async def test_full_member_and_admin_see_and_write_every_board(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = await board(app, owner)
    for role in ("full-member", "admin"):
        mate = await factories.member(app, owner.workspace_id, role=role)
        listed = await client.get(mate.ws("/boards"), headers=mate.headers)
        assert made.id in [b["id"] for b in listed.json()["data"]]
        response = await client.patch(
            mate.ws(f"/boards/{made.id}"), json={"name": role}, headers=mate.headers
        )
        assert response.status_code == 200


async def test_stranger_gets_404(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    stranger = await factories.account(app)
    url = f"/api/v2/workspaces/{owner.workspace_id}/boards"
    assert (await client.get(url, headers=stranger.headers)).status_code == 404
    assert (await client.get(f"{url}/{made.id}", headers=stranger.headers)).status_code == 404
    assert (await client.post(url, json={"name": "x"}, headers=stranger.headers)).status_code == 404
    other = await client.get(stranger.ws(f"/boards/{made.id}"), headers=stranger.headers)
    assert other.status_code == 404


async def test_pagination_cursors_and_bad_params(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = [(await board(app, owner, name=f"B{i}")).id for i in range(3)]
    url = owner.ws("/boards")
    first = (
        await client.get(
            url, params={"limit": 2, "sort_by": "id", "sort_direction": "asc"}, headers=owner.headers
        )
    ).json()
    assert [b["id"] for b in first["data"]] == sorted(made)[:2] and first["has_more"] is True
    second = (
        await client.get(
            url,
            params={"limit": 2, "sort_by": "id", "sort_direction": "asc", "after": first["after"]},
            headers=owner.headers,
        )
    ).json()
    assert [b["id"] for b in second["data"]] == sorted(made)[2:]
    back = (
        await client.get(
            url,
            params={"limit": 2, "sort_by": "id", "sort_direction": "asc", "before": second["before"]},
            headers=owner.headers,
        )
    ).json()
    assert [b["id"] for b in back["data"]] == sorted(made)[:2]
    # The seed's clients send list parameters as a JSON body on GET.
    body = await client.request(
        "GET", url, json={"limit": 1, "sort_by": "id", "sort_direction": "desc"}, headers=owner.headers
    )
    assert [b["id"] for b in body.json()["data"]] == [max(made)]
    for params in (
        {"limit": 0},
        {"limit": 101},
        {"sort_by": "name"},
        {"sort_direction": "up"},
        {"after": "%%%"},
    ):
        response = await client.get(url, params=params, headers=owner.headers)
        assert response.status_code == 422, params
