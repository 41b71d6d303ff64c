from __future__ import annotations

from typing import Any

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise

PAID = "b5c75a51-2b16-42d5-ae28-6b92e5a51fce"
FREE = "7365747b-240a-4872-aedd-bd46ea805753"
LABELS: dict[str, Any] = {
    "multiple": True,
    "labels": [
        {"id": PAID, "name": "Paid", "color": "#FFD3F2"},
        {"id": FREE, "name": "Free", "color": "#FFB186"},
    ],
}


async def test_valid() -> None:
    assert await normalise("label", [PAID, FREE], **LABELS) == [PAID, FREE]
    assert await normalise("label", [PAID, PAID], **LABELS) == [PAID]
    assert await normalise("label", PAID, **LABELS) == [PAID]
    assert await normalise("label", [], **LABELS) == []


@pytest.mark.parametrize("bad", [["nope"], [1], "nope", {"id": PAID}, [[PAID]]])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("label", bad, **LABELS)


async def test_single_label_when_not_multiple() -> None:
    single = {**LABELS, "multiple": False}
    assert await normalise("label", [FREE], **single) == [FREE]
    with pytest.raises(InvalidValue, match="more than one"):
        await normalise("label", [PAID, FREE], **single)


def test_settings_generate_ids_and_check_shape() -> None:
    t = kind("label")
    settings = t.validate_settings({"labels": [{"name": "New", "color": "#fff"}]})
    assert settings["labels"][0]["name"] == "New" and len(settings["labels"][0]["id"]) == 36
    for bad in (
        {"labels": "x"},
        {"labels": [1]},
        {"labels": [{"name": 5}]},
        {"labels": [{"name": "a", "color": "red"}]},
        {"labels": [{"id": "x", "name": "a"}, {"id": "x", "name": "b"}]},
        {"multiple": "yes"},
    ):
        with pytest.raises(InvalidValue):
            t.validate_settings(bad)


def test_search_and_sort_use_names() -> None:
    t, a = kind("label"), attr("label", **LABELS)
    assert t.search_text([FREE, PAID], a) == "Free Paid"
    assert t.sort_key([FREE, PAID], a) == SortKey(text="free")
    assert t.sort_key([], a) == SortKey()


def test_convert() -> None:
    t, a = kind("label"), attr("label", **LABELS)
    assert t.convert("paid", kind("text"), a) == [PAID]
    with pytest.raises(InvalidValue):
        t.convert("Unpaid", kind("text"), a)
