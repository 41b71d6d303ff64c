"""The items package owns item side effects: cascading deletes (an item's or a folder's), the
search reindex after an attribute change, and the reference values it mirrors
(docs/guide/concepts.md, docs/references.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import event, select

from openinfinity.items import purge
from openinfinity.items.models import Item
from openinfinity.items.search import ItemSearchDoc
from tests.factories import Account
from tests.factories_items import BoardSetup, board_setup, create_item, outbox


async def _tree(client: httpx.AsyncClient, setup: BoardSetup) -> dict[str, str]:
    """A parent in the main folder whose sub-items live in both folders, and a bystander."""
    parent = await create_item(client, setup, values={"Name": "tree"})
    inside = await create_item(client, setup, parent_id=parent["id"], values={"Name": "tree"})
    outside = await create_item(
        client, setup, folder_id=setup.other_folder_id, parent_id=parent["id"], values={"Name": "tree"}
    )
    below = await create_item(
        client, setup, folder_id=setup.other_folder_id, parent_id=inside["id"], values={"Name": "tree"}
    )
    keep = await create_item(client, setup, folder_id=setup.other_folder_id, values={"Name": "tree"})
    return {
        "parent": parent["id"],
        "inside": inside["id"],
        "outside": outside["id"],
        "below": below["id"],
    } | {"keep": keep["id"]}


async def _state(client: httpx.AsyncClient, app: FastAPI, setup: BoardSetup, tree: dict[str, str]) -> Any:
    """Per role: visible, searchable, its deletion events, its history's last action."""
    found = await client.get(setup.url("/items"), params={"q": "tree"}, headers=setup.headers)
    hits = {i["id"] for i in found.json()["data"]}
    async with app.state.db.transaction(write=False) as session:
        docs = set(await session.scalars(select(ItemSearchDoc.item_id)))
        deleted = {
            row.id: row.deleted_at is not None
            for row in await session.scalars(select(Item).where(Item.id.in_(tree.values())))
        }
    state = {}
    for role, item_id in tree.items():
        got = await client.get(setup.url(f"/items/{item_id}"), headers=setup.headers)
        history = await client.get(setup.url(f"/items/{item_id}/history"), headers=setup.headers)
        events = [e for e, _ in await outbox(app, item_id) if e in ("item.updated", "item.deleted")]
        state[role] = {
            "visible": got.status_code == 200,
            "deleted": deleted[item_id],
            "searchable": item_id in hits,
            "document": item_id in docs,
            "events": events[-2:],
            "last_action": history.json()["data"][0]["action"],
        }
    return state


GONE = {
    "visible": False,
    "deleted": True,
    "searchable": False,
    "document": False,
    "events": ["item.updated", "item.deleted"],
    "last_action": "item.deleted",
}
KEPT = {
    "visible": True,
    "deleted": False,
    "searchable": True,
    "document": True,
    "events": [],
    "last_action": "value.created",
}


async def test_item_and_folder_deletes_take_the_same_sub_items(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    # Deleting the parent item, or the folder holding it: its sub-items go too, wherever they live
    # (a sub-item whose parent is gone would stay visible as an orphan), with the same effects.
    by_item = await board_setup(app, owner, name="By item")
    item_tree = await _tree(client, by_item)
    response = await client.delete(by_item.url(f"/items/{item_tree['parent']}"), headers=by_item.headers)
    assert response.status_code == 200

    by_folder = await board_setup(app, owner, name="By folder")
    folder_tree = await _tree(client, by_folder)
    response = await client.delete(
        by_folder.url(f"/folders/{by_folder.folder_id}"), headers=by_folder.headers
    )
    assert response.status_code == 200
    # Hidden at once; the folder's own items get the rest of their work from the background purge.
    hidden = await _state(client, app, by_folder, folder_tree)
    assert {role: s["visible"] for role, s in hidden.items()} == {
        "parent": False,
        "inside": False,
        "outside": False,
        "below": False,
        "keep": True,
    }
    await purge.run_all(app.state.db)

    expected = {"parent": GONE, "inside": GONE, "outside": GONE, "below": GONE, "keep": KEPT}
    assert await _state(client, app, by_item, item_tree) == expected
    assert await _state(client, app, by_folder, folder_tree) == expected


async def test_reindex_after_a_type_change_costs_the_same_for_any_number_of_items(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    async def statements_of_type_change(count: int) -> int:
        setup = await board_setup(app, owner, name=f"{count} items")
        for n in range(count):
            await create_item(client, setup, values={"Cost": 100 + n})
        seen: list[str] = []

        def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
            seen.append(statement)

        engine = app.state.db.engine.sync_engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            response = await client.put(
                setup.url(f"/attributes/{setup.attr('Cost')}"), json={"type": "text"}, headers=setup.headers
            )
        finally:
            event.remove(engine, "before_cursor_execute", record)
        assert response.status_code == 200, response.text
        found = await client.get(
            setup.url("/items"), params={"q": str(100 + count - 1)}, headers=setup.headers
        )
        assert len(found.json()["data"]) == 1  # the documents carry the converted text
        return len(seen)

    assert await statements_of_type_change(2) == await statements_of_type_change(50)


async def _link(client: httpx.AsyncClient, setup: BoardSetup, a: str, b: str) -> str:
    body = {"attribute_id": setup.attr("Ref"), "from_item_id": a, "to_item_id": b}
    response = await client.post(setup.url("/references"), json=body, headers=setup.headers)
    assert response.status_code == 201, response.text
    reference_id: str = response.json()["id"]
    return reference_id


async def test_reference_values_are_written_like_any_value(
    client: httpx.AsyncClient, app: FastAPI, owner: Account
) -> None:
    setup = await board_setup(app, owner)
    a = await create_item(client, setup, values={"Name": "A"})
    b = (await create_item(client, setup, values={"Name": "B"}))["id"]
    c = (await create_item(client, setup, values={"Name": "C"}))["id"]

    async def ref_events() -> list[tuple[str, Any, bool]]:
        return [
            (name, payload["data"], payload["deleted"])
            for name, payload in await outbox(app, a["id"])
            if name.startswith("value.") and payload["attribute_id"] == setup.attr("Ref")
        ]

    async def updated_at() -> datetime:
        async with app.state.db.transaction(write=False) as session:
            stamp = await session.scalar(select(Item.updated_at).where(Item.id == a["id"]))
        assert stamp is not None
        return stamp

    before = await updated_at()
    first = await _link(client, setup, a["id"], b)
    assert await ref_events() == [("value.created", [b], False)]
    assert await updated_at() > before
    await _link(client, setup, a["id"], c)
    response = await client.delete(setup.url(f"/references/{first}"), headers=setup.headers)
    assert response.status_code == 200
    # The target's deletion rewrites the mirror too; the last link gone, the value is deleted.
    assert (await client.delete(setup.url(f"/items/{c}"), headers=setup.headers)).status_code == 200
    assert await ref_events() == [
        ("value.created", [b], False),
        ("value.updated", [b, c], False),
        ("value.updated", [c], False),
        ("value.updated", [c], True),
    ]
    history = (await client.get(setup.url(f"/items/{a['id']}/history"), headers=setup.headers)).json()
    ref_history = [(h["action"], h["new"]) for h in history["data"] if h["attribute_id"] == setup.attr("Ref")]
    assert ref_history == [("value.deleted", None), ("value.updated", [c]), ("value.updated", [b, c])] + [
        ("value.created", [b])
    ]
