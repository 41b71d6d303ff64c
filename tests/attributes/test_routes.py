from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.core.events import OutboxEvent
from openinfinity.items.models import Item, Value
from tests import factories
from tests.factories import Account
from tests.factories_boards import attribute, board, folder

PRICE_SETTINGS = {
    "multiple": True,
    "allowNew": True,
    "allowEmpty": True,
    "labels": [
        {"id": "d271b2b3-4ccc-43cd-8628-5861d2151eb6", "name": "$", "color": "#92F3EC"},
        {"id": "7a9bd039-f9a4-4da6-8e95-d356d6dc44f8", "name": "$$", "color": "#FFD3F2"},
    ],
}


async def test_create_attribute_matches_seed(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    body = {"name": "nisi", "type": "number", "default_data": "0", "settings": {"delimiter": "."}}
    response = await client.post(owner.ws(f"/boards/{made.id}/attributes"), json=body, headers=owner.headers)
    assert response.status_code == 200, response.text
    created = response.json()
    assert created == {
        "id": created["id"],
        "object": "attribute",
        "name": "nisi",
        "type": "number",
        "default_data": 0,
        "settings": {"delimiter": "."},
        "created_by": owner.user_id,
        "created_at": created["created_at"],
        "deleted": False,
    }
    assert created["created_at"].endswith("Z") and len(created["created_at"]) == 27
    got = await client.get(owner.ws(f"/boards/{made.id}/attributes/{created['id']}"), headers=owner.headers)
    assert got.json() == created


async def test_label_attribute_and_empty_settings(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = await board(app, owner)
    url = owner.ws(f"/boards/{made.id}/attributes")
    price = await client.post(
        url, json={"name": "Price", "type": "label", "settings": PRICE_SETTINGS}, headers=owner.headers
    )
    assert price.json()["settings"] == PRICE_SETTINGS
    assert price.json()["default_data"] == []
    notes = await client.post(
        url, json={"name": "Notes", "type": "longtext", "settings": []}, headers=owner.headers
    )
    assert notes.json()["settings"] == {}
    assert notes.json()["default_data"] == ""
    done = await client.post(url, json={"name": "Done", "type": "checkbox"}, headers=owner.headers)
    assert done.json()["default_data"] is False
    listed = (await client.get(url, params={"sort_direction": "asc"}, headers=owner.headers)).json()
    assert [a["name"] for a in listed["data"]] == ["Price", "Notes", "Done"]


async def test_bad_input(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    url = owner.ws(f"/boards/{made.id}/attributes")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"type": "text"}, "name"),
        ({"name": "x"}, "type"),
        ({"name": "x", "type": "banana"}, "type"),
        ({"name": "x", "type": "attachment"}, "type"),
        ({"name": "x" * 256, "type": "text"}, "name"),
        ({"name": "x", "type": "number", "default_data": "abc"}, "default_data"),
        ({"name": "x", "type": "checkbox", "default_data": "maybe"}, "default_data"),
        ({"name": "x", "type": "text", "settings": "s"}, "settings"),
        ({"name": "x", "type": "rating", "settings": {"min": 5, "max": 1}}, "settings"),
        ({"name": "x", "type": "label", "settings": {"labels": "nope"}}, "settings"),
        ({"name": "x", "type": "label", "default_data": ["missing"]}, "default_data"),
        ({"name": "x", "type": "text", "default_data": "x" * 70_000}, "default_data"),
        ({"name": "x", "type": "text", "id": "not-a-uuid"}, "id"),
    ]
    for body, field in cases:
        response = await client.post(url, json=body, headers=owner.headers)
        assert response.status_code == 422, (body, response.text)
        assert field in response.json()["invalidFields"], (body, response.json())
    unknown = await client.post(url, json={"name": "x", "type": "banana"}, headers=owner.headers)
    assert unknown.json()["errors"] == {"type": ["The selected type is invalid."]}
    assert (await client.get(url, headers=owner.headers)).json()["data"] == []


async def test_update_and_delete(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    price = await attribute(app, owner, made.id, type="label", name="Price", settings=PRICE_SETTINGS)
    shown = await folder(app, owner, made.id, attribute_ids=[price.id])
    url = owner.ws(f"/boards/{made.id}/attributes/{price.id}")
    body = {"name": "autem", "type": "number", "default_data": "0", "settings": {"delimiter": "."}}
    response = await client.put(url, json=body, headers=owner.headers)
    assert response.status_code == 200, response.text
    assert response.json() | {"created_at": None} == {
        "id": price.id,
        "object": "attribute",
        "name": "autem",
        "type": "number",
        "default_data": 0,
        "settings": {"delimiter": "."},
        "created_by": owner.user_id,
        "created_at": None,
        "deleted": False,
    }
    renamed = await client.patch(url, json={"name": "Cost"}, headers=owner.headers)
    assert renamed.json()["type"] == "number" and renamed.json()["settings"] == {"delimiter": "."}
    bad = await client.patch(url, json={"type": "nope", "name": "Z"}, headers=owner.headers)
    assert bad.status_code == 422
    assert (await client.get(url, headers=owner.headers)).json()["name"] == "Cost"
    deleted = await client.delete(url, headers=owner.headers)
    assert deleted.json() == {"id": price.id, "object": "attribute", "deleted": True}
    assert (await client.get(url, headers=owner.headers)).status_code == 404
    folder_after = await client.get(owner.ws(f"/boards/{made.id}/folders/{shown.id}"), headers=owner.headers)
    assert folder_after.json()["attribute_ids"] == []


async def test_multi_action(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    url = owner.ws(f"/boards/{made.id}/attributes")
    new_id = "eb3e6560-41f8-404a-8a13-fc39d424a479"
    created = await client.post(
        url, json={"id": new_id, "name": "N", "type": "number"}, headers=owner.headers
    )
    assert created.status_code == 200 and created.json()["id"] == new_id
    updated = await client.post(url, json={"id": new_id, "name": "M"}, headers=owner.headers)
    assert updated.json()["name"] == "M" and updated.json()["type"] == "number"
    deleted = await client.post(
        url, json={"id": new_id, "deleted_at": "2023-05-25 22:01:55"}, headers=owner.headers
    )
    assert deleted.json() == {"id": new_id, "object": "attribute", "deleted": True}
    assert (await client.get(f"{url}/{new_id}", headers=owner.headers)).status_code == 404
    other = await board(app, owner)
    foreign = await attribute(app, owner, other.id)
    clash = await client.post(
        url, json={"id": foreign.id, "name": "x", "type": "text"}, headers=owner.headers
    )
    assert clash.status_code == 422
    got = await client.get(owner.ws(f"/boards/{other.id}/attributes/{foreign.id}"), headers=owner.headers)
    assert got.json()["name"] == foreign.name


async def _value(app: FastAPI, board_id: str, folder_id: str, attribute_id: str, data: Any) -> str:
    """A stored value as the items service would store it (the items API is tested elsewhere)."""
    async with app.state.db.transaction() as session:
        item = Item(board_id=board_id, folder_id=folder_id)
        session.add(item)
        await session.flush()
        value = Value(item_id=item.id, attribute_id=attribute_id, data=data, search_text=str(data))
        session.add(value)
        await session.flush()
        return value.id


async def _values(app: FastAPI, attribute_id: str) -> dict[str, tuple[Any, Any, Any, Any]]:
    async with app.state.db.transaction() as session:
        rows = (await session.scalars(select(Value).where(Value.attribute_id == attribute_id))).all()
        return {v.id: (v.data, v.search_text, v.number_key, v.text_key) for v in rows}


async def test_type_change_converts_values(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    place = await folder(app, owner, made.id)
    amount = await attribute(app, owner, made.id, type="text", default_data="7")
    a = await _value(app, made.id, place.id, amount.id, "3")
    b = await _value(app, made.id, place.id, amount.id, " 4.5 ")
    c = await _value(app, made.id, place.id, amount.id, "")
    url = owner.ws(f"/boards/{made.id}/attributes/{amount.id}")
    response = await client.patch(url, json={"type": "number"}, headers=owner.headers)
    assert response.status_code == 200, response.text
    assert response.json()["default_data"] == 7
    assert await _values(app, amount.id) == {
        a: (3, "3", 3.0, None),
        b: (4.5, "4.5", 4.5, None),
        c: (None, None, None, None),
    }
    async with app.state.db.transaction() as session:
        events = (
            await session.scalars(
                select(OutboxEvent).where(OutboxEvent.board_id == made.id).order_by(OutboxEvent.id)
            )
        ).all()
    # Only values whose data changed are announced ("" -> None included).
    assert sorted((e.event, e.payload["id"], e.payload["data"]) for e in events) == sorted(
        [("value.updated", a, 3), ("value.updated", b, 4.5), ("value.updated", c, None)]
    )
    back = await client.patch(url, json={"type": "text"}, headers=owner.headers)
    assert back.status_code == 200
    assert (await _values(app, amount.id))[b] == ("4.5", "4.5", None, "4.5")


async def test_type_change_refused_names_the_values(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = await board(app, owner)
    place = await folder(app, owner, made.id)
    amount = await attribute(app, owner, made.id, type="text", name="Amount")
    good = await _value(app, made.id, place.id, amount.id, "3")
    bad = await _value(app, made.id, place.id, amount.id, "three")
    before = await _values(app, amount.id)
    url = owner.ws(f"/boards/{made.id}/attributes/{amount.id}")
    response = await client.put(url, json={"type": "number", "name": "Renamed"}, headers=owner.headers)
    assert response.status_code == 422
    body = response.json()
    assert body["invalidFields"] == [f"values.{bad}"]
    assert body["errors"][f"values.{bad}"] == [
        f"The values.{bad} field cannot be converted from text to number."
    ]
    assert good not in body["message"]
    assert await _values(app, amount.id) == before
    got = (await client.get(url, headers=owner.headers)).json()
    assert (got["type"], got["name"]) == ("text", "Amount")
    # Out of range for a rating is refused too.
    stars = await client.patch(url, json={"type": "rating"}, headers=owner.headers)
    assert stars.status_code == 422


async def test_label_conversion_by_name(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    made = await board(app, owner)
    place = await folder(app, owner, made.id)
    price = await attribute(app, owner, made.id, type="text")
    v = await _value(app, made.id, place.id, price.id, "$$")
    url = owner.ws(f"/boards/{made.id}/attributes/{price.id}")
    response = await client.patch(
        url, json={"type": "label", "settings": PRICE_SETTINGS}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    assert (await _values(app, price.id))[v] == (["7a9bd039-f9a4-4da6-8e95-d356d6dc44f8"], "$$", None, "$$")


async def test_visibility(client: httpx.AsyncClient, app: FastAPI, owner: Account) -> None:
    restricted = await factories.member(app, owner.workspace_id, role="restricted-member")
    hidden = await board(app, owner)
    hidden_attribute = await attribute(app, owner, hidden.id)
    url = restricted.ws(f"/boards/{hidden.id}/attributes")
    assert (await client.get(url, headers=restricted.headers)).status_code == 404
    assert (await client.get(f"{url}/{hidden_attribute.id}", headers=restricted.headers)).status_code == 404
    assert (
        await client.post(url, json={"name": "x", "type": "text"}, headers=restricted.headers)
    ).status_code == 404
    shared = await board(app, owner, user_ids=[restricted.user_id])
    wrong = await client.get(
        owner.ws(f"/boards/{shared.id}/attributes/{hidden_attribute.id}"), headers=owner.headers
    )
    assert wrong.status_code == 404
    stranger = await factories.account(app)
    assert (
        await client.get(owner.ws(f"/boards/{hidden.id}/attributes"), headers=stranger.headers)
    ).status_code == 404


async def test_search_follows_label_rename_and_attribute_delete(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = await board(app, owner)
    price = await attribute(app, owner, made.id, type="label", settings=PRICE_SETTINGS)
    place = await folder(app, owner, made.id, attribute_ids=[price.id])
    items_url = owner.ws(f"/boards/{made.id}/items")
    label_id = PRICE_SETTINGS["labels"][1]["id"]
    created = await client.post(
        items_url,
        json={"folder_id": place.id, "values": [{"attribute_id": price.id, "data": [label_id]}]},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text

    async def found(q: str) -> list[str]:
        response = await client.get(items_url, params={"q": q}, headers=owner.headers)
        assert response.status_code == 200, response.text
        return [i["id"] for i in response.json()["data"]]

    assert await found("expensive") == []
    renamed = {
        **PRICE_SETTINGS,
        "labels": [PRICE_SETTINGS["labels"][0], {"id": label_id, "name": "Expensive"}],
    }
    url = owner.ws(f"/boards/{made.id}/attributes/{price.id}")
    assert (await client.patch(url, json={"settings": renamed}, headers=owner.headers)).status_code == 200
    assert await found("expensive") == [created.json()["id"]]
    stored = await _values(app, price.id)
    assert list(stored.values())[0][3] == "expensive"
    assert (await client.delete(url, headers=owner.headers)).status_code == 200
    assert await found("expensive") == []


async def test_folder_delete_drops_items_from_search(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = await board(app, owner)
    name = await attribute(app, owner, made.id, type="text")
    place = await folder(app, owner, made.id, attribute_ids=[name.id])
    items_url = owner.ws(f"/boards/{made.id}/items")
    created = await client.post(
        items_url,
        json={"folder_id": place.id, "values": [{"attribute_id": name.id, "data": "Barcelona"}]},
        headers=owner.headers,
    )
    assert created.status_code == 201, created.text
    hits = await client.get(items_url, params={"q": "barcelona"}, headers=owner.headers)
    assert [i["id"] for i in hits.json()["data"]] == [created.json()["id"]]
    await client.delete(owner.ws(f"/boards/{made.id}/folders/{place.id}"), headers=owner.headers)
    hits = await client.get(items_url, params={"q": "barcelona"}, headers=owner.headers)
    assert hits.json()["data"] == []
    gone = await client.get(f"{items_url}/{created.json()['id']}", headers=owner.headers)
    assert gone.status_code == 404


async def test_label_to_text_uses_label_names(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    made = await board(app, owner)
    place = await folder(app, owner, made.id)
    price = await attribute(app, owner, made.id, type="label", settings=PRICE_SETTINGS)
    ids = [label["id"] for label in PRICE_SETTINGS["labels"]]
    v = await _value(app, made.id, place.id, price.id, ids)
    members = await attribute(app, owner, made.id, type="members")
    m = await _value(app, made.id, place.id, members.id, [owner.user_id])
    url = owner.ws(f"/boards/{made.id}/attributes")
    response = await client.patch(
        f"{url}/{price.id}", json={"type": "text", "settings": {}}, headers=owner.headers
    )
    assert response.status_code == 200, response.text
    assert (await _values(app, price.id))[v][0] == "$ $$"
    refused = await client.patch(f"{url}/{members.id}", json={"type": "text"}, headers=owner.headers)
    assert refused.status_code == 422
    assert refused.json()["invalidFields"] == [f"values.{m}"]
