from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise

SEED = [
    {"id": "71559530-e671-4043-a6e5-dc017b8a1771", "name": "One", "done": True},
    {"id": "3c23caad-390b-41d3-ae18-607bb03f7168", "name": "Two", "done": False},
]


async def test_seed_example_is_kept() -> None:
    assert await normalise("checklist", SEED) == SEED


async def test_ids_generated_and_done_coerced() -> None:
    stored = await normalise("checklist", [{"name": "6 T-shirts"}, {"name": "Shoes", "done": "true"}])
    assert [e["done"] for e in stored] == [False, True]
    assert all(len(e["id"]) == 36 for e in stored)


@pytest.mark.parametrize(
    "bad",
    [
        [{"name": 5}],
        [{"name": "x", "done": "maybe"}],
        ["One"],
        "One",
        {"name": "x"},
        [{"id": [1], "name": "x"}],
    ],
)
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("checklist", bad)


def test_sort_key_is_done_ratio() -> None:
    t, a = kind("checklist"), attr("checklist")
    assert t.sort_key(SEED, a) == SortKey(number=0.5)
    assert t.sort_key([], a) == SortKey()
    assert t.search_text(SEED, a) == "One Two"
