"""Every registered type writes its values as CSV cells a person reads, and reads them back."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest

from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import AttributeType, InvalidValue
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, match_names, plain_number
from tests.attributes.types.helpers import attr, ctx, kind

LABELS = {
    "labels": [
        {"id": "l1", "name": "Cheap", "color": "#FFD3F2"},
        {"id": "l2", "name": "Research, design", "color": None},
    ]
}
SETTINGS: dict[str, dict[str, Any]] = {"label": LABELS}

# kind -> (stored data, the cell a person reads). Every importable type must appear here.
CELLS: dict[str, tuple[Any, str]] = {
    "text": ("Park Güell, Barcelona", "Park Güell, Barcelona"),
    "longtext": ("a &lt; b", "a < b"),
    "checkbox": (True, "true"),
    "number": (1234.5, "1234.5"),
    "label": (["l2", "l1"], "Research, design, Cheap"),
    "members": ([1975, 1302], "Ana Lima, Ben Ode"),
    "vote": ([1302], "Ben Ode"),
    "links": (
        [
            {"id": "x", "url": "https://example.com/a", "name": "https://example.com/a", "favicon": None},
            {"id": "y", "url": "https://example.com/b", "name": "Docs", "favicon": None},
        ],
        "https://example.com/a\nDocs <https://example.com/b>",
    ),
    "checklist": (
        [{"id": "1", "name": "Book", "done": True}, {"id": "2", "name": "Pack", "done": False}],
        "[x] Book\n[ ] Pack",
    ),
    "date": ("2023-05-25", "2023-05-25"),
    "email": ("hello@example.com", "hello@example.com"),
    "phone": ("+1 206 555 0100", "+1 206 555 0100"),
    "progress": (41, "41"),
    "rating": (3, "3"),
}
# Read-only cells: stored data (None for computed types) -> the cell.
READ_ONLY: dict[str, tuple[Any, str]] = {
    "attachments": ([7, 8], "plan.pdf, map.png"),
    "reference": (["item-1", "item-2"], "item-1, item-2"),
    "created_at": (None, "2024-01-02T03:04:05.000000Z"),
    "updated_at": (None, "2024-02-03T04:05:06.000000Z"),
    "created_by": (None, "Ana Lima"),
    "source_folder": (None, "Preparation"),
    "time_tracking": (5725, "1:35:25"),
}


def csv_ctx() -> CsvContext:
    ctx = CsvContext(
        member_names={1975: "Ana Lima", 1302: "Ben Ode"},
        member_keys={"ana lima": 1975, "ben ode": 1302, "ana@example.com": 1975, "ben@example.com": 1302},
        folder_names={"f1": "Preparation"},
        file_names={7: "plan.pdf", 8: "map.png"},
    )
    ctx.item = SimpleNamespace(
        created_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        updated_at=datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC),
        created_by=1975,
        folder_id="f1",
    )
    return ctx


def test_every_type_has_a_cell_sample() -> None:
    assert set(CELLS) | set(READ_ONLY) == set(registry.kinds())
    assert {k for k in registry.kinds() if kind(k).csv_importable} == set(CELLS)


@pytest.mark.parametrize("name", registry.kinds())
def test_cell_is_what_a_person_reads(name: str) -> None:
    data, cell = CELLS.get(name) or READ_ONLY[name]
    assert kind(name).to_csv(data, attr(name, **SETTINGS.get(name, {})), csv_ctx()) == cell


@pytest.mark.parametrize("name", registry.kinds())
def test_no_value_is_an_empty_cell(name: str) -> None:
    t = kind(name)
    if t.computed:
        return
    assert t.to_csv(t.empty, attr(name, **SETTINGS.get(name, {})), csv_ctx()) in ("", "false")


@pytest.mark.parametrize("name", sorted(CELLS))
async def test_cell_reads_back_to_the_same_value(name: str) -> None:
    t = kind(name)
    a = attr(name, **SETTINGS.get(name, {}))
    data, cell = CELLS[name]
    stored = await t.normalise(t.from_csv(cell, a, csv_ctx()), a, ctx({1302, 1975}))
    if name == "links" or name == "checklist":
        # Entry ids are not in the cell: new ones are made.
        drop = [{k: v for k, v in e.items() if k != "id"} for e in stored]
        assert drop == [{k: v for k, v in e.items() if k != "id"} for e in data]
    else:
        assert stored == data


def test_registry_refuses_a_type_without_cells() -> None:
    class Mute(AttributeType):
        kind: ClassVar[str] = "mute-for-test"

    with pytest.raises(TypeError, match="to_csv"):
        registry.register(Mute)
    assert registry.get("mute-for-test") is None


@pytest.mark.parametrize(
    ("name", "cell", "message"),
    [
        ("number", "twelve", "must be a number."),
        ("rating", "a lot", "must be a number."),
        ("checkbox", "maybe", "must be true or false."),
        ("date", "25/05/2023", "must be a date like 2024-05-25"),
        ("label", "Cheap, Pricey", 'names a label that does not exist: "Pricey".'),
        ("members", "Ana Lima, Zoe", 'not a member of the workspace: "Zoe"'),
    ],
)
def test_bad_cells_say_why(name: str, cell: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message.replace("(", r"\(")):
        kind(name).from_csv(cell, attr(name, **SETTINGS.get(name, {})), csv_ctx())


def test_members_by_email_and_shared_names() -> None:
    ctx = csv_ctx()
    a = attr("members")
    assert kind("members").from_csv("BEN@example.com, ana lima", a, ctx) == [1302, 1975]
    ctx.member_keys["sam"] = None
    with pytest.raises(InvalidValue, match="use their e-mail"):
        kind("members").from_csv("Sam", a, ctx)


def test_new_labels_are_collected_once() -> None:
    ctx = csv_ctx()
    ctx.create_labels = True
    a = attr("label", **LABELS)
    first = kind("label").from_csv("Cheap, Pricey", a, ctx)
    second = kind("label").from_csv("pricey", a, ctx)
    [new] = ctx.new_labels["a"]
    assert new["name"] == "Pricey" and first == ["l1", new["id"]] and second == [new["id"]]


def test_plain_numbers_and_name_matching() -> None:
    assert [plain_number(n) for n in (3, 3.0, 0.1, 1e20, 1.5e-7, None)] == [
        "3", "3", "0.1", "100000000000000000000", "0.00000015", "",
    ]  # fmt: skip
    assert match_names("a, b, c", {"a, b": 1, "c": 2}) == ([1, 2], [])
    assert match_names("x,  a", {"a": 1}) == ([1], ["x"])
