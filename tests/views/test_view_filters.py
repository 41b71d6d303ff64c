"""Each operator on each attribute type it supports, and AND/OR nesting, through view queries."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.schema.attributes.types import registry
from tests.views import world as worlds
from tests.views.world import DOLLAR, DOLLARS, World

# (attribute, operator, value, expected items). "$OWNER"/"$OTHER" are user ids, "@X" item X's id,
# "#SUB"/"#ROOT" folder ids; resolved per backend.
CASES: list[tuple[str, str, Any, str]] = [
    # text
    ("Name", "is", "ALPHA", "A"),
    ("Name", "is_not", "alpha", "BCD"),
    ("Name", "contains", "ET", "B"),
    ("Name", "not_contains", "a", "D"),
    ("Name", "contains", "100%", "C"),
    ("Name", "contains", "_", ""),
    ("Name", "starts_with", "gam", "C"),
    ("Name", "ends_with", "TA", "B"),
    ("Name", "in", ["alpha", "beta"], "AB"),
    ("Name", "not_in", ["alpha", "beta"], "CD"),
    ("Name", "is_empty", None, "D"),
    ("Name", "is_not_empty", None, "ABC"),
    # longtext (HTML stripped), email, phone, links
    ("Notes", "contains", "plan", "A"),
    ("Notes", "is", "small", "B"),
    ("Notes", "is_empty", None, "CD"),
    ("Email", "is", "A@X.IO", "A"),
    ("Email", "not_contains", "x.io", "BCD"),
    ("Phone", "starts_with", "+1 206", "A"),
    ("Site", "contains", "alpha.com", "A"),
    ("Site", "is_not_empty", None, "A"),
    # number, rating, progress
    ("Count", "is", 10, "A"),
    ("Count", "is_not", 10, "BCD"),
    ("Count", "gt", 2.5, "A"),
    ("Count", "gt", "2", "AB"),
    ("Count", "gte", 2.5, "AB"),
    ("Count", "lt", 0, "C"),
    ("Count", "lte", 2.5, "BC"),
    ("Count", "between", [5, 0], "B"),
    ("Count", "in", [10, -1], "AC"),
    ("Count", "not_in", [10], "BCD"),
    ("Count", "is_empty", None, "D"),
    ("Count", "is_not_empty", None, "ABC"),
    ("Stars", "gte", 4, "B"),
    ("Stars", "lt", 4, "A"),
    ("Pct", "is", 50, "A"),
    ("Pct", "is_empty", None, "BCD"),
    # checkbox: no value is unchecked
    ("Done", "is", True, "A"),
    ("Done", "is", "true", "A"),
    ("Done", "is", False, "BCD"),
    ("Done", "is_not", True, "BCD"),
    ("Done", "is_not", False, "A"),
    # date: a date without time is the whole UTC day
    ("Due", "is", "2024-01-05", "A"),
    ("Due", "is", "2024-01-06", "B"),
    ("Due", "is", "2024-01-06T10:00:00+00:00", "B"),
    ("Due", "is_not", "2024-01-05", "BCD"),
    ("Due", "before", "2024-01-05", "C"),
    ("Due", "after", "2024-01-05", "B"),
    ("Due", "on_or_before", "2024-01-05", "AC"),
    ("Due", "on_or_after", "2024-01-05", "AB"),
    ("Due", "gt", "2024-01-06T09:00:00Z", "B"),
    ("Due", "lt", "2024-01-06T10:00:00Z", "AC"),
    ("Due", "lte", "2024-01-06T10:00:00Z", "ABC"),
    ("Due", "gte", "2024-01-06T10:00:01Z", ""),
    ("Due", "between", ["2024-01-01", "2024-01-05"], "A"),
    ("Due", "is_empty", None, "D"),
    ("Due", "is_not_empty", None, "ABC"),
    # label: is/contains = has all, in = has any
    ("Price", "is", DOLLAR, "AB"),
    ("Price", "contains", DOLLARS, "BC"),
    ("Price", "is", [DOLLAR, DOLLARS], "B"),
    ("Price", "is_not", DOLLAR, "CD"),
    ("Price", "not_contains", DOLLARS, "AD"),
    ("Price", "in", [DOLLAR], "AB"),
    ("Price", "in", [DOLLAR, DOLLARS], "ABC"),
    ("Price", "not_in", [DOLLARS], "AD"),
    ("Price", "is_empty", None, "D"),
    ("Price", "is_not_empty", None, "ABC"),
    # members and votes (ids, and counts)
    ("People", "contains", "$OWNER", "A"),
    ("People", "is", "$OTHER", "B"),
    ("People", "in", ["$OWNER", "$OTHER"], "AB"),
    ("People", "not_in", ["$OWNER"], "BCD"),
    ("People", "not_contains", "$OTHER", "ACD"),
    ("People", "is_empty", None, "CD"),
    ("People", "gt", 0, "AB"),
    ("People", "is_not", "$OWNER", "BCD"),
    ("Votes", "lte", 1, "B"),
    ("Votes", "contains", "$OTHER", "AB"),
    ("Votes", "gte", 2, "A"),
    ("Votes", "lt", 2, "B"),
    ("Votes", "is_not_empty", None, "AB"),
    # checklist: the done fraction
    ("Tasks", "is", 1, "B"),
    ("Tasks", "lt", 1, "A"),
    ("Tasks", "gte", 0.5, "AB"),
    ("Tasks", "lte", 0.5, "A"),
    ("Tasks", "gt", 0.5, "B"),
    ("Tasks", "is_empty", None, "CD"),
    ("Tasks", "is_not_empty", None, "AB"),
    # reference
    ("Related", "contains", "@B", "A"),
    ("Related", "not_contains", "@B", "BCD"),
    ("Related", "in", ["@B", "@C"], "A"),
    ("Related", "not_in", ["@C"], "ABCD"),
    ("Related", "is_empty", None, "BCD"),
    ("Related", "is_not_empty", None, "A"),
    # attachments
    ("Image", "is_not_empty", None, "A"),
    ("Image", "is_empty", None, "BCD"),
    # computed from the item
    ("Created", "before", "2024-02-01", "A"),
    ("Created", "on_or_after", "2024-02-01", "BCD"),
    ("Created", "is", "2024-03-01", "C"),
    ("Created", "is_not", "2024-03-01", "ABD"),
    ("Created", "after", "2024-03-01", "D"),
    ("Created", "between", ["2024-02-01", "2024-03-01"], "BC"),
    ("Created", "lte", "2024-02-01T00:00:00Z", "AB"),
    ("Created", "lt", "2024-02-01T00:00:00Z", "A"),
    ("Created", "gt", "2024-02-01T00:00:00Z", "CD"),
    ("Created", "gte", "2024-03-01", "CD"),
    ("Created", "on_or_before", "2024-03-01", "ABC"),
    ("Updated", "after", "2000-01-01", "ABCD"),
    ("Updated", "before", "2000-01-01", ""),
    ("Creator", "is", "$OWNER", "ACD"),
    ("Creator", "is_not", "$OWNER", "B"),
    ("Creator", "in", ["$OTHER"], "B"),
    ("Creator", "not_in", ["$OTHER"], "ACD"),
    ("Creator", "is_empty", None, ""),
    ("Creator", "is_not_empty", None, "ABCD"),
    ("Folder", "is", "#ROOT", "ABCD"),
    ("Folder", "is_not", "#ROOT", ""),
    ("Folder", "in", ["#SUB"], ""),
    ("Folder", "not_in", ["#SUB"], "ABCD"),
]


@pytest.fixture(scope="module")
async def world(app: FastAPI) -> AsyncIterator[World]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield await worlds.build(app, http)


def resolve(world: World, value: Any) -> Any:
    if isinstance(value, list):
        return [resolve(world, v) for v in value]
    if value == "$OWNER":
        return world.owner.user_id
    if value == "$OTHER":
        return world.other.user_id
    if isinstance(value, str) and value.startswith("@"):
        return worlds.item_id(world, value[1:])
    if value == "#ROOT":
        return world.setup.folder_id
    if value == "#SUB":
        return world.subfolder_id
    return value


def condition(world: World, attribute: str, operator: str, value: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"attributeId": world.attr(attribute), "operator": operator}
    if value is not None:
        out["value"] = resolve(world, value)
    return out


@pytest.mark.parametrize(("attribute", "operator", "value", "expected"), CASES)
async def test_operator(
    client: httpx.AsyncClient, world: World, attribute: str, operator: str, value: Any, expected: str
) -> None:
    settings = {"filter": {"combinator": "AND", "conditions": [condition(world, attribute, operator, value)]}}
    assert "".join(sorted(await world.items(client, settings))) == expected


@pytest.mark.parametrize("kind", registry.kinds())
def test_every_type_and_operator_is_covered(kind: str) -> None:
    """Each registered type's operators are exercised here, on that type or on another type of
    the same filter family (which compiles the same way); tests/attributes/types/test_hooks.py
    runs every operator of every type."""
    attribute_type = registry.get(kind)
    assert attribute_type is not None
    if attribute_type.filtering is None:
        return
    covered = {(worlds.TYPES[a], op) for a, op, _, _ in CASES}
    family = attribute_type.filtering.family
    for op in attribute_type.filtering.operators:
        assert any(c == (kind, op) for c in covered) or any(
            _family(k) == family and o == op for k, o in covered
        ), (kind, op)


def _family(kind: str) -> str | None:
    attribute_type = registry.get(kind)
    return (
        None
        if attribute_type is None or attribute_type.filtering is None
        else attribute_type.filtering.family
    )


async def test_and_or_nesting(client: httpx.AsyncClient, world: World) -> None:
    def c(*args: Any) -> dict[str, Any]:
        return condition(world, *args)

    cases: list[tuple[dict[str, Any], str]] = [
        ({"combinator": "AND", "conditions": [c("Count", "gt", 0), c("Done", "is", True)]}, "A"),
        ({"combinator": "OR", "conditions": [c("Count", "gt", 5), c("Price", "contains", DOLLARS)]}, "ABC"),
        ({"combinator": "or", "conditions": [c("Count", "gt", 5), c("Name", "is_empty")]}, "AD"),
        (
            {
                "combinator": "AND",
                "conditions": [
                    c("Name", "is_not_empty"),
                    {
                        "combinator": "OR",
                        "conditions": [c("Done", "is", True), c("Due", "after", "2024-01-05")],
                    },
                ],
            },
            "AB",
        ),
        (
            {
                "combinator": "OR",
                "conditions": [
                    {"combinator": "AND", "conditions": [c("Count", "gte", 2.5), c("Count", "lt", 10)]},
                    c("Name", "is_empty"),
                ],
            },
            "BD",
        ),
        (
            {
                "combinator": "AND",
                "conditions": [
                    {
                        "combinator": "OR",
                        "conditions": [{"combinator": "AND", "conditions": [c("Price", "in", [DOLLAR])]}],
                    },
                    {"combinator": "OR", "conditions": []},
                ],
            },
            "AB",
        ),
        ({"combinator": "OR", "conditions": []}, "ABCD"),
        ({"conditions": [c("Votes", "contains", "$OTHER"), c("Creator", "is", "$OWNER")]}, "A"),
    ]
    for filter_, expected in cases:
        assert "".join(sorted(await world.items(client, {"filter": filter_}))) == expected, filter_


async def test_subfolders_and_source_folder(client: httpx.AsyncClient, world: World) -> None:
    assert "".join(sorted(await world.items(client, {}))) == "ABCD"
    everything = await world.items(client, {"includeSubfolders": True})
    assert "".join(sorted(everything)) == "ABCDE"
    only_sub = {
        "includeSubfolders": True,
        "filter": {"conditions": [condition(world, "Folder", "is", "#SUB")]},
    }
    assert await world.items(client, only_sub) == ["E"]
    count = {"includeSubfolders": True, "filter": {"conditions": [condition(world, "Count", "gt", 5)]}}
    assert "".join(sorted(await world.items(client, count))) == "AE"


async def test_group_key_and_expand(client: httpx.AsyncClient, world: World) -> None:
    created = await world.view(client, {"groupBy": world.attr("Price")})
    url = world.setup.path(f"/views/{created.json()['id']}/items")
    body = (await client.get(url, headers=world.owner.headers)).json()
    keys = {world.names[i["id"]]: i["group_key"] for i in body["data"]}
    assert keys == {"A": f'["{DOLLAR}"]', "B": f'["{DOLLAR}","{DOLLARS}"]', "C": f'["{DOLLARS}"]', "D": None}
    assert all("values" not in i for i in body["data"])
    assert list(body["data"][0])[-1] == "deleted"
    expanded = (
        await client.get(url, params={"expand[]": "values.attribute"}, headers=world.owner.headers)
    ).json()
    first = next(i for i in expanded["data"] if world.names[i["id"]] == "A")
    by_name = {v["attribute"]["name"]: v for v in first["values"]}
    assert by_name["Name"]["data"] == "Alpha" and by_name["Name"]["object"] == "value"
    assert by_name["Related"]["data"] == [worlds.item_id(world, "B")]
    plain = (await client.get(url, params={"expand[]": "values"}, headers=world.owner.headers)).json()
    assert all("attribute" not in v for i in plain["data"] for v in i["values"])
    folder = (await client.get(url, params={"expand[]": "folder"}, headers=world.owner.headers)).json()
    assert all(i["folder"]["id"] == world.setup.folder_id for i in folder["data"])
    assert (
        await client.get(url, params={"expand[]": "nope"}, headers=world.owner.headers)
    ).status_code == 422


async def test_saved_view_survives_attribute_changes(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    """A condition on an attribute deleted after saving is dropped instead of failing the view."""
    from openinfinity.core.models import utcnow
    from openinfinity.schema.attributes.models import Attribute

    doomed = await worlds.factories_collab.attribute(app, world.setup, "Doomed", "number")
    created = await world.view(
        client,
        {
            "filter": {
                "conditions": [
                    {"attributeId": doomed, "operator": "gt", "value": 1},
                    condition(world, "Count", "gt", 5),
                ]
            },
            "sort": {"conditions": [{"attributeId": doomed, "settings": {"direction": "asc"}}]},
        },
    )
    url = world.setup.path(f"/views/{created.json()['id']}/items")
    assert (await client.get(url, headers=world.owner.headers)).json()["data"] == []
    async with app.state.db.transaction() as session:
        row = await session.get(Attribute, doomed)
        assert row is not None
        row.deleted_at = utcnow()
    response = await client.get(url, headers=world.owner.headers)
    assert response.status_code == 200
    assert [world.names[i["id"]] for i in response.json()["data"]] == ["A"]


async def test_items_filter_function(app: FastAPI, world: World) -> None:
    """`items.filtering.list_filter.items_filter` is what the items list runs for `?filter=<json>`."""
    import orjson
    from sqlalchemy import select

    from openinfinity.boards.access import get_visible
    from openinfinity.core.errors import ValidationFailed
    from openinfinity.items.filtering.list_filter import items_filter
    from openinfinity.items.models import Item
    from openinfinity.workspaces import service as workspaces

    raw = orjson.dumps({"combinator": "OR", "conditions": [condition(world, "Count", "gte", 7)]}).decode()
    async with app.state.db.transaction(write=False) as session:
        from openinfinity.auth.principal import Principal

        principal = Principal(
            user_id=world.owner.user_id,
            token_id=0,
            scopes=frozenset(),
            workspace_id=None,
            is_instance_admin=False,
        )
        ctx = await workspaces.access(session, principal, world.owner.workspace_id)
        board = await get_visible(session, ctx, world.setup.board_id)
        clause = await items_filter(session, board, raw)
        ids = set(await session.scalars(select(Item.id).where(Item.board_id == board.id, clause)))
        assert {world.names[i] for i in ids} == {"A", "E"}
        for bad, field in (
            ("{", "filter"),
            ("5", "filter"),
            (
                orjson.dumps([{"attributeId": world.attr("Done"), "operator": "gt", "value": 1}]).decode(),
                "filter.conditions.0.operator",
            ),
        ):
            with pytest.raises(ValidationFailed) as caught:
                await items_filter(session, board, bad)
            assert list(caught.value.errors) == [field]
