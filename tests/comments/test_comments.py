from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.core.events import OutboxEvent
from tests import factories, factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup

COMMENT_KEYS = ["id", "object", "parent_id", "text", "created_at", "created_by", "deleted"]


@pytest.fixture
async def setup(app: FastAPI, owner: Account) -> BoardSetup:
    board = await factories_collab.board(app, owner)
    await factories_collab.attribute(app, board, "Name", "text")
    return board


async def _item(app: FastAPI, setup: BoardSetup, name: str = "Park Güell") -> str:
    return await factories_collab.item(app, setup, {"Name": name})


def _comments(setup: BoardSetup, item_id: str, rest: str = "") -> str:
    return setup.path(f"/items/{item_id}/comments{rest}")


async def test_create_get_list_match_seed_shape(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _item(app, setup)
    headers = setup.account.headers
    created = await client.post(
        _comments(setup, item_id), json={"text": "<p>Hello Everyone!</p>"}, headers=headers
    )
    assert created.status_code == 201
    body = created.json()
    assert list(body) == COMMENT_KEYS
    assert body["object"] == "comment"
    assert body["text"] == "<p>Hello Everyone!</p>"
    assert body["parent_id"] is None
    assert body["created_by"] == setup.account.user_id
    assert body["deleted"] is False
    assert body["created_at"].endswith("Z") and len(body["created_at"]) == 27

    got = await client.get(_comments(setup, item_id, f"/{body['id']}"), headers=headers)
    assert got.status_code == 200 and got.json() == body

    listed = await client.get(_comments(setup, item_id), headers=headers)
    assert listed.status_code == 200
    page = listed.json()
    assert set(page) == {"has_more", "before", "after", "data"}
    assert page["data"] == [body]


async def test_plain_text_is_kept_and_script_never_comes_back(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _item(app, setup)
    headers = setup.account.headers
    plain = "1 < 2 & 3 > 2, <3 \"quoted\" 'single'"
    response = await client.post(_comments(setup, item_id), json={"text": plain}, headers=headers)
    assert response.json()["text"] == plain
    attacks = [
        "<script>alert(1)</script><p>hi</p>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "<<script>script>alert(1)<</script>/script>",
        '<p onclick="steal()">y</p>',
        "x<script",
    ]
    for attack in attacks:
        created = await client.post(_comments(setup, item_id), json={"text": attack}, headers=headers)
        assert created.status_code == 201
        stored = (
            await client.get(_comments(setup, item_id, f"/{created.json()['id']}"), headers=headers)
        ).json()
        text = stored["text"].lower()
        assert "<script" not in text and "onerror" not in text and "onclick" not in text
        assert "javascript:" not in text
    kept = await client.post(
        _comments(setup, item_id), json={"text": "<p>Hi <b>there</b></p>"}, headers=headers
    )
    assert kept.json()["text"] == "<p>Hi <b>there</b></p>"
    # an update without a body changes nothing
    same = await client.put(_comments(setup, item_id, f"/{kept.json()['id']}"), headers=headers)
    assert same.status_code == 200 and same.json() == kept.json()
    # updates are sanitised too
    cid = kept.json()["id"]
    updated = await client.put(
        _comments(setup, item_id, f"/{cid}"), json={"text": "<script>x</script>ok"}, headers=headers
    )
    assert updated.json()["text"] == "ok"


async def test_replies_belong_to_the_same_item(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id, other_id = await _item(app, setup), await _item(app, setup, "Other")
    headers = setup.account.headers
    parent = (await client.post(_comments(setup, item_id), json={"text": "root"}, headers=headers)).json()
    reply = await client.post(
        _comments(setup, item_id), json={"text": "re", "parent_id": parent["id"]}, headers=headers
    )
    assert reply.status_code == 201 and reply.json()["parent_id"] == parent["id"]
    elsewhere = await client.post(
        _comments(setup, other_id), json={"text": "re", "parent_id": parent["id"]}, headers=headers
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["errors"] == {"parent_id": ["The selected parent id is invalid."]}
    # a comment cannot become a reply to its own reply
    cycle = await client.patch(
        _comments(setup, item_id, f"/{parent['id']}"), json={"parent_id": reply.json()["id"]}, headers=headers
    )
    assert cycle.status_code == 422 and cycle.json()["invalidFields"] == ["parent_id"]
    # "null" from clients that send every field as a string means no parent
    root = await client.post(
        _comments(setup, item_id), json={"text": "x", "parent_id": "null"}, headers=headers
    )
    assert root.status_code == 201 and root.json()["parent_id"] is None


async def test_expand_created_by_item_and_values(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _item(app, setup)
    headers = setup.account.headers
    comment = (await client.post(_comments(setup, item_id), json={"text": "hi"}, headers=headers)).json()
    url = _comments(setup, item_id, f"/{comment['id']}")
    user = (await client.get(url, params={"expand[]": "created_by"}, headers=headers)).json()["created_by"]
    assert (
        user["id"] == setup.account.user_id
        and user["object"] == "user"
        and user["email"] == setup.account.email
    )
    with_item = (await client.get(url, params={"expand[]": "item"}, headers=headers)).json()
    assert with_item["item"]["id"] == item_id and with_item["item"]["object"] == "item"
    assert "values" not in with_item["item"]
    assert list(with_item)[-1] == "deleted"
    with_values = (await client.get(url, params=[("expand[]", "item.values")], headers=headers)).json()
    values = with_values["item"]["values"]
    assert [v["data"] for v in values] == ["Park Güell"] and values[0]["object"] == "value"
    listed = await client.get(
        _comments(setup, item_id), params=[("expand[]", "created_by"), ("expand[]", "item")], headers=headers
    )
    assert listed.json()["data"][0]["created_by"]["id"] == setup.account.user_id
    bad = await client.get(url, params={"expand[]": "nope"}, headers=headers)
    assert bad.status_code == 422


async def test_permissions_author_edits_admin_deletes_others_forbidden(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _item(app, setup)
    ws = setup.account.workspace_id
    admin = await factories.member(app, ws, role="admin", name="Admin")
    full = await factories.member(app, ws, role="full-member", name="Full")
    comment = (
        await client.post(_comments(setup, item_id), json={"text": "mine"}, headers=full.headers)
    ).json()
    url = _comments(setup, item_id, f"/{comment['id']}")
    assert (
        await client.put(url, json={"text": "owner edit"}, headers=setup.account.headers)
    ).status_code == 403
    assert (await client.put(url, json={"text": "admin edit"}, headers=admin.headers)).status_code == 403
    other = await factories.member(app, ws, role="full-member", name="Other")
    assert (await client.delete(url, headers=other.headers)).status_code == 403
    edited = await client.patch(url, json={"text": "author edit"}, headers=full.headers)
    assert edited.status_code == 200 and edited.json()["text"] == "author edit"
    deleted = await client.delete(url, headers=admin.headers)
    assert deleted.status_code == 200
    assert deleted.json() == {"id": comment["id"], "object": "comment", "deleted": True}
    assert (await client.get(url, headers=full.headers)).status_code == 404
    # the author deletes their own; the owner deletes anyone's
    own = (await client.post(_comments(setup, item_id), json={"text": "a"}, headers=other.headers)).json()
    assert (
        await client.delete(_comments(setup, item_id, f"/{own['id']}"), headers=other.headers)
    ).status_code == 200
    theirs = (await client.post(_comments(setup, item_id), json={"text": "b"}, headers=other.headers)).json()
    owner_delete = await client.delete(
        _comments(setup, item_id, f"/{theirs['id']}"), headers=setup.account.headers
    )
    assert owner_delete.status_code == 200
    assert (await client.get(_comments(setup, item_id), headers=other.headers)).json()["data"] == []


async def test_strangers_and_restricted_members_get_404(
    client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup
) -> None:
    item_id = await _item(app, setup)
    comment = (
        await client.post(_comments(setup, item_id), json={"text": "x"}, headers=setup.account.headers)
    ).json()
    stranger = await factories.account(app)
    restricted = await factories.member(app, setup.account.workspace_id, role="restricted-member")
    for who in (stranger, restricted):
        for method, url in (
            ("GET", _comments(setup, item_id)),
            ("GET", _comments(setup, item_id, f"/{comment['id']}")),
            ("POST", _comments(setup, item_id)),
            ("DELETE", _comments(setup, item_id, f"/{comment['id']}")),
        ):
            response = await client.request(method, url, json={"text": "x"}, headers=who.headers)
            assert response.status_code == 404, (method, url)
    # a restricted member with board access comments like anyone
    allowed = await factories.member(app, setup.account.workspace_id, role="restricted-member")
    board = await factories_collab.board(app, setup.account, user_ids=[allowed.user_id])
    await factories_collab.attribute(app, board, "Name", "text")
    own_item = await factories_collab.item(app, board, {"Name": "x"})
    response = await client.post(_comments(board, own_item), json={"text": "ok"}, headers=allowed.headers)
    assert response.status_code == 201
    # unknown or deleted items
    assert (await client.get(_comments(setup, "nope"), headers=setup.account.headers)).status_code == 404
    await factories_collab.delete_item(app, setup, item_id)
    assert (await client.get(_comments(setup, item_id), headers=setup.account.headers)).status_code == 404


async def test_validation_never_500(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    item_id = await _item(app, setup)
    headers = setup.account.headers
    missing = await client.post(_comments(setup, item_id), json={}, headers=headers)
    assert missing.status_code == 422
    assert missing.json()["errors"] == {"text": ["The text field is required."]}
    for bad in ({"text": 5}, {"text": ["x"]}, {"text": "x" * 100_001}, {"parent_id": {"a": 1}, "text": "x"}):
        response = await client.post(_comments(setup, item_id), json=bad, headers=headers)
        assert response.status_code == 422, bad
    broken = await client.post(
        _comments(setup, item_id), content=b"{", headers={**headers, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400


async def test_events_and_multi_action(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    item_id = await _item(app, setup)
    headers = setup.account.headers
    created = (await client.post(_comments(setup, item_id), json={"text": "one"}, headers=headers)).json()
    updated = await client.post(
        _comments(setup, item_id), json={"id": created["id"], "text": "two"}, headers=headers
    )
    assert updated.status_code == 200 and updated.json()["text"] == "two"
    new_id = "0b6a19c1-3336-4cfd-a77d-a1602a640c1a"
    chosen = await client.post(
        _comments(setup, item_id), json={"id": new_id, "text": "mine"}, headers=headers
    )
    assert chosen.status_code == 201 and chosen.json()["id"] == new_id
    bad_id = await client.post(
        _comments(setup, item_id), json={"id": "not-a-uuid", "text": "x"}, headers=headers
    )
    assert bad_id.status_code == 422
    gone = await client.post(
        _comments(setup, item_id),
        json={"id": created["id"], "deleted_at": "2024-01-01T00:00:00Z"},
        headers=headers,
    )
    assert gone.status_code == 200 and gone.json() == {
        "id": created["id"],
        "object": "comment",
        "deleted": True,
    }
    async with app.state.db.transaction(write=False) as session:
        events = list(
            await session.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.item_id == item_id, OutboxEvent.event.like("comment.%"))
                .order_by(OutboxEvent.id)
            )
        )
    assert [e.event for e in events] == [
        "comment.created",
        "comment.updated",
        "comment.created",
        "comment.updated",
    ]
    first = events[0].payload
    assert (
        first["id"] == created["id"]
        and first["text"] == "one"
        and first["created_by"] == setup.account.user_id
    )
    assert first["item"] == {"id": item_id, "folder_id": setup.folder_id}
    assert events[0].board_id == setup.board_id and events[0].workspace_id == setup.account.workspace_id
    assert events[-1].payload["deleted"] is True


async def test_pagination_of_comments(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup) -> None:
    item_id = await _item(app, setup)
    headers = setup.account.headers
    ids = [
        (await client.post(_comments(setup, item_id), json={"text": f"c{i}"}, headers=headers)).json()["id"]
        for i in range(5)
    ]
    seen: list[str] = []
    after = None
    while True:
        params: dict[str, str | int] = {"limit": 2, "sort_by": "created_at", "sort_direction": "asc"}
        if after:
            params["after"] = after
        page = (await client.get(_comments(setup, item_id), params=params, headers=headers)).json()
        seen += [c["id"] for c in page["data"]]
        if not page["has_more"]:
            break
        after = page["after"]
    assert seen == ids
