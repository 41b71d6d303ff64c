from __future__ import annotations

import base64

import httpx
import pytest

from tests.factories import Account


async def _make_workspaces(client: httpx.AsyncClient, owner: Account, count: int, prefix: str) -> list[int]:
    ids = []
    for i in range(count):
        response = await client.post(
            "/api/v2/workspaces", json={"name": f"{prefix}{i}"}, headers=owner.headers
        )
        ids.append(response.json()["id"])
    return ids


async def _walk(
    client: httpx.AsyncClient, owner: Account, params: dict[str, str | int], during: object = None
) -> tuple[list[int], list[str]]:
    seen: list[int] = []
    cursors: list[str] = []
    after = ""
    for _ in range(100):
        response = await client.get(
            "/api/v2/workspaces", params={**params, "after": after}, headers=owner.headers
        )
        assert response.status_code == 200
        body = response.json()
        seen += [w["id"] for w in body["data"]]
        if not body["has_more"]:
            break
        assert body["after"] not in cursors, "a cursor was returned twice in one walk"
        cursors.append(body["after"])
        after = body["after"]
        if callable(during):
            await during()
    return seen, cursors


@pytest.mark.parametrize(
    ("sort_by", "direction"), [("created_at", "desc"), ("created_at", "asc"), ("id", "asc"), ("id", "desc")]
)
async def test_after_walk_visits_every_row_once(
    client: httpx.AsyncClient, owner: Account, sort_by: str, direction: str
) -> None:
    ids = [owner.workspace_id, *await _make_workspaces(client, owner, 11, "w")]
    seen, _ = await _walk(client, owner, {"limit": 4, "sort_by": sort_by, "sort_direction": direction})
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))
    if sort_by == "id":
        assert seen == sorted(ids, reverse=direction == "desc")


async def test_walk_is_exact_while_rows_are_inserted(client: httpx.AsyncClient, owner: Account) -> None:
    original = [owner.workspace_id, *await _make_workspaces(client, owner, 9, "orig")]

    async def insert() -> None:
        await _make_workspaces(client, owner, 2, "new")

    for direction in ("asc", "desc"):
        seen, _ = await _walk(client, owner, {"limit": 3, "sort_direction": direction}, during=insert)
        assert len(seen) == len(set(seen)), "a row was visited twice"
        assert set(original) <= set(seen), "a row that existed when the walk began was skipped"


async def test_before_cursor_pages_backwards(client: httpx.AsyncClient, owner: Account) -> None:
    await _make_workspaces(client, owner, 5, "b")
    params = {"limit": 2, "sort_by": "id", "sort_direction": "asc"}
    first = (await client.get("/api/v2/workspaces", params=params, headers=owner.headers)).json()
    second = (
        await client.get(
            "/api/v2/workspaces", params={**params, "after": first["after"]}, headers=owner.headers
        )
    ).json()
    back = (
        await client.get(
            "/api/v2/workspaces", params={**params, "before": second["before"]}, headers=owner.headers
        )
    ).json()
    assert [w["id"] for w in back["data"]] == [w["id"] for w in first["data"]]


async def test_cursors_look_like_the_hosted_api(client: httpx.AsyncClient, owner: Account) -> None:
    by_created = (await client.get("/api/v2/workspaces", headers=owner.headers)).json()
    decoded = base64.b64decode(by_created["after"]).decode()
    assert decoded.startswith(f"{owner.workspace_id},")
    by_id = (await client.get("/api/v2/workspaces", params={"sort_by": "id"}, headers=owner.headers)).json()
    assert base64.b64decode(by_id["after"]).decode() == str(owner.workspace_id)


async def test_empty_page_has_empty_cursors(client: httpx.AsyncClient, owner: Account) -> None:
    page = (await client.get("/api/v2/workspaces", headers=owner.headers)).json()
    after = (
        await client.get("/api/v2/workspaces", params={"after": page["after"]}, headers=owner.headers)
    ).json()
    assert after == {"has_more": False, "before": "", "after": "", "data": []}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"sort_by": "name"}, "sort_by"),
        ({"sort_direction": "up"}, "sort_direction"),
        ({"after": "not a cursor!"}, "after"),
        ({"after": base64.b64encode(b"1,notadate").decode()}, "after"),
        ({"before": base64.b64encode(b"x").decode(), "sort_by": "id"}, "before"),
    ],
)
async def test_bad_list_parameters_are_422(
    client: httpx.AsyncClient, owner: Account, params: dict[str, object], field: str
) -> None:
    response = await client.get("/api/v2/workspaces", params=params, headers=owner.headers)
    assert response.status_code == 422
    assert response.json()["invalidFields"] == [field]


async def test_parameters_in_a_json_body_on_get(client: httpx.AsyncClient, owner: Account) -> None:
    await _make_workspaces(client, owner, 3, "g")
    response = await client.request(
        "GET",
        "/api/v2/workspaces",
        json={"limit": 2, "sort_by": "id", "sort_direction": "asc", "after": "", "before": ""},
        headers=owner.headers,
    )
    body = response.json()
    assert response.status_code == 200
    assert len(body["data"]) == 2 and body["has_more"] is True
    assert body["data"][0]["id"] == owner.workspace_id
