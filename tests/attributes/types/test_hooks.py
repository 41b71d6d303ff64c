"""What every registered type says about filters, sorting, search, upserts and conversions holds,
checked over the registry (a new type is tested by being registered) and, where SQL is involved,
against the real database of each backend.

The board of the database tests has one attribute per registered type, named by its kind; item
"full" holds every writable type's documented example (`value_shape`, with `example_settings`;
ids of users, files and items translated to real ones by the type's own `remap`), item "bare"
holds no value.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.files.models import Attachment
from openinfinity.items.conversion import _convert
from openinfinity.items.models import Item
from openinfinity.items.search import ItemSearchDoc
from openinfinity.schema.attributes.types import filtering, registry
from openinfinity.schema.attributes.types.base import AttributeType, InvalidValue
from tests import factories, factories_collab
from tests.attributes.types.helpers import attr, ctx, kind
from tests.factories_collab import BoardSetup

KINDS = registry.kinds()
# An operand per filter family (a family is compiler code; a new one needs an operand here).
# "$LABEL", "$USER", "$ITEM", "$FOLDER" are resolved per board.
OPERANDS: dict[str, Any] = {
    "text": "some",
    "number": 3,
    "checkbox": True,
    "date": "2023-05-25",
    "label": "$LABEL",
    "users": "$USER",
    "checklist": 0.5,
    "reference": "$ITEM",
    "attachments": None,
    "item_date": "2023-05-25",
    "item_user": "$USER",
    "item_folder": "$FOLDER",
}
# Operators whose results are exactly the items their positive twin does not match.
TWINS = {"is_not": "is", "not_contains": "contains", "not_in": "in", "is_not_empty": "is_empty"}


def example(attribute_type: AttributeType) -> Any:
    shape = attribute_type.value_shape
    assert shape is not None, f"{attribute_type.kind} documents no value_shape (schema, example, description)"
    return shape[1]


def example_attribute(name: str) -> Any:
    return attr(name, **kind(name).example_settings)


# --- without a database ----------------------------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_declarations_are_consistent(name: str) -> None:
    t = kind(name)
    if t.filtering is not None:
        assert t.filtering.family in OPERANDS, f"no operand for the {t.filtering.family} family"
        assert set(t.filtering.operators) <= _all_operators(), t.filtering.operators
    if t.sort_by == "item" or (t.filtering is not None and t.filtering.family.startswith("item_")):
        assert t.item_column is not None and t.item_column in Item.__table__.c, name
    if t.search_primary:
        assert t.searchable, f"{name} ranks first in search but adds no search text"
    if t.match_by is not None:
        assert t.writable and not t.computed, name


@pytest.mark.parametrize("name", KINDS)
def test_search_text_of_the_example_follows_searchable(name: str) -> None:
    t = kind(name)
    text = t.search_text(example(t), example_attribute(name))
    if t.searchable:
        assert isinstance(text, str) and text.strip(), f"{name} is searchable but its example has no text"
    else:
        assert text is None, f"{name} declares searchable=False but returns search text"


@pytest.mark.parametrize("name", KINDS)
async def test_the_example_is_valid_data_and_empty_stays_empty(name: str) -> None:
    t = kind(name)
    a = example_attribute(name)
    if t.writable and name != "attachments":  # attachments are checked against stored files
        assert await t.normalise(example(t), a, ctx()) == example(t)
    if t.writable:
        assert await t.normalise(t.empty, a, ctx()) == t.empty


@pytest.mark.parametrize("target", KINDS)
@pytest.mark.parametrize("source", KINDS)
async def test_conversion_gives_data_the_target_accepts_or_refuses(source: str, target: str) -> None:
    """Any type's example converts to any writable type as valid target data, or is refused with
    InvalidValue (a 422 naming the value), never another error; targets that take search text
    (`converts_search_text`) take every searchable type."""
    s, t = kind(source), kind(target)
    if not t.writable:
        return
    old, new = example_attribute(source), example_attribute(target)
    try:
        data = _convert(example(s), s, old, t, new)
    except InvalidValue:
        assert not (t.converts_search_text and s.searchable), f"{source} -> {target} refused"
        return
    if target != "attachments":
        assert await t.normalise(data, new, ctx()) == data, (source, target, data)
    if source == target:
        assert data == example(s)


def _all_operators() -> set[str]:
    families = [v for v in vars(filtering).values() if isinstance(v, filtering.Filtering)]
    return {op for family in families for op in family.operators}


# --- against the database --------------------------------------------------------------------


@dataclass
class Board:
    setup: BoardSetup
    names: dict[str, str] = field(default_factory=dict)  # item id -> "full" | "bare"
    operands: dict[str, Any] = field(default_factory=dict)

    async def items(self, client: httpx.AsyncClient, **params: Any) -> httpx.Response:
        return await client.get(
            self.setup.path("/items"), params={"limit": 100, **params}, headers=self.setup.account.headers
        )

    async def view(self, client: httpx.AsyncClient, settings: dict[str, Any]) -> httpx.Response:
        return await client.post(
            self.setup.path("/views"),
            json={"type": "table", "folder_id": self.setup.folder_id, "settings": settings},
            headers=self.setup.account.headers,
        )


@pytest.fixture(scope="module")
async def board(app: FastAPI) -> AsyncIterator[Board]:
    owner = await factories.account(app)
    setup = await factories_collab.board(app, owner)
    for name in KINDS:
        await factories_collab.attribute(app, setup, name, name, kind(name).example_settings or None)
    async with app.state.db.transaction() as session:
        file = Attachment(
            workspace_id=owner.workspace_id,
            path=f"hooks-test/{uuid.uuid4().hex}.png",
            original_name="a.png",
            filesize=1,
            content_type="image/png",
            created_by=owner.user_id,
        )
        session.add(file)
        await session.flush()
        file_id = file.id
    bare = await factories_collab.item(app, setup)
    real = {"user": owner.user_id, "attachment": file_id, "item": bare}
    values = {
        name: kind(name).remap(example(kind(name)), lambda _kind, _id: real.get(_kind))
        for name in KINDS
        if kind(name).writable
    }
    full = await factories_collab.item(app, setup, values)
    out = Board(setup, {full: "full", bare: "bare"})
    label_ids = [label["id"] for label in kind("label").example_settings["labels"]]
    out.operands = {"$LABEL": label_ids[0], "$USER": owner.user_id, "$ITEM": bare, "$FOLDER": setup.folder_id}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        for name in KINDS:
            if name == "reference":  # written through the References endpoint, not as a value
                response = await http.post(
                    setup.path("/references"),
                    json={"attribute_id": setup.attributes[name], "from_item_id": full, "to_item_id": bare},
                    headers=owner.headers,
                )
                assert response.status_code == 201, response.json()
    yield out


def _condition(board: Board, name: str, operator: str) -> dict[str, Any]:
    t = kind(name)
    assert t.filtering is not None
    condition: dict[str, Any] = {"attributeId": board.setup.attributes[name], "operator": operator}
    if operator in filtering.EMPTINESS:
        return condition
    operand = OPERANDS[t.filtering.family]
    operand = board.operands.get(operand, operand) if isinstance(operand, str) else operand
    if operator in ("in", "not_in"):
        operand = [operand]
    elif operator == "between":
        operand = [operand, operand]
    condition["value"] = operand
    return condition


@pytest.mark.parametrize("name", KINDS)
async def test_every_operator_compiles_and_runs(client: httpx.AsyncClient, board: Board, name: str) -> None:
    t = kind(name)
    if t.filtering is None:
        bad = {"attributeId": board.setup.attributes[name], "operator": "is_empty"}
        response = await board.items(client, filter=json.dumps({"conditions": [bad]}))
        assert response.status_code == 422, response.json()
        assert "cannot be filtered" in str(response.json())
        return
    found: dict[str, set[str]] = {}
    for operator in t.filtering.operators:
        query = json.dumps({"conditions": [_condition(board, name, operator)]})
        response = await board.items(client, filter=query)
        assert response.status_code == 200, (operator, response.json())
        found[operator] = {board.names[item["id"]] for item in response.json()["data"]}
    for negative, positive in TWINS.items():
        if negative in found and positive in found:
            assert found[negative] | found[positive] == {"full", "bare"}, (negative, found)
            assert not found[negative] & found[positive], (negative, found)
    if "is_not_empty" in found and t.writable:  # computed values are never empty
        assert found["is_not_empty"] == {"full"}


@pytest.mark.parametrize("name", KINDS)
async def test_sorting_follows_sort_by(client: httpx.AsyncClient, board: Board, name: str) -> None:
    t = kind(name)
    for direction in ("asc", "desc"):
        sort = {
            "conditions": [
                {"attributeId": board.setup.attributes[name], "settings": {"direction": direction}}
            ]
        }
        response = await board.view(client, {"sort": sort})
        if t.sort_by is None:
            assert response.status_code == 422, response.json()
            assert response.json()["invalidFields"] == ["settings.sort.conditions.0.attributeId"]
            return
        assert response.status_code == 201, response.json()
        listed = await client.get(
            board.setup.path(f"/views/{response.json()['id']}/items"), headers=board.setup.account.headers
        )
        assert listed.status_code == 200, listed.json()
        assert {board.names[item["id"]] for item in listed.json()["data"]} == {"full", "bare"}


@pytest.mark.parametrize("name", KINDS)
async def test_search_text_lands_in_the_search_document(app: FastAPI, board: Board, name: str) -> None:
    """A searchable type's text is in the item's search document, in primary_text when the type
    ranks first (`search_primary`), in other_text otherwise."""
    t = kind(name)
    if not t.searchable or not t.writable:
        return
    text = t.search_text(example(t), example_attribute(name))
    assert text
    full = next(item_id for item_id, role in board.names.items() if role == "full")
    async with app.state.db.transaction(write=False) as session:
        doc = (await session.scalars(select(ItemSearchDoc).where(ItemSearchDoc.item_id == full))).one()
    assert text in (doc.primary_text if t.search_primary else doc.other_text), name
    assert text not in (doc.other_text if t.search_primary else doc.primary_text), name


async def test_q_finds_the_text_value_types(client: httpx.AsyncClient, board: Board) -> None:
    response = await board.items(client, q="some text")
    assert response.status_code == 200, response.json()
    assert {board.names[item["id"]] for item in response.json()["data"]} == {"full"}


@pytest.mark.parametrize("name", [t.kind for t in registry.types() if t.item_column is not None])
async def test_computed_types_group_by_their_item_column(
    client: httpx.AsyncClient, board: Board, name: str
) -> None:
    created = await board.view(client, {"groupBy": board.setup.attributes[name]})
    assert created.status_code == 201, created.json()
    listed = await client.get(
        board.setup.path(f"/views/{created.json()['id']}/items"), headers=board.setup.account.headers
    )
    assert listed.status_code == 200, listed.json()
    keys = [item["group_key"] for item in listed.json()["data"]]
    assert len(keys) == 2 and all(isinstance(key, str) and key for key in keys), keys
