from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


@pytest.mark.parametrize(
    ("data", "stored"),
    [(3.3198, 3.3198), (10, 10), ("3", 3), ("-2.5", -2.5), (" 7 ", 7), (4.0, 4), ("", None)],
)
async def test_valid(data: object, stored: object) -> None:
    assert await normalise("number", data) == stored


@pytest.mark.parametrize("bad", ["three", True, [1], {"n": 1}, float("nan"), "inf", "1e999", "9" * 100])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("number", bad)


def test_search_and_sort() -> None:
    t, a = kind("number"), attr("number")
    assert t.sort_key(10, a) == SortKey(number=10.0)
    assert t.search_text(10, a) == "10"
    assert t.sort_key(None, a) == SortKey()


def test_convert() -> None:
    t, a = kind("number"), attr("number")
    assert t.convert("3", kind("text"), a) == 3
    assert t.convert(True, kind("checkbox"), a) == 1
    with pytest.raises(InvalidValue):
        t.convert("abc", kind("text"), a)
    with pytest.raises(InvalidValue):
        t.convert(["l"], kind("label"), a)


@pytest.mark.parametrize(
    ("settings", "data", "message"),
    [
        ({"min": 0, "max": 10}, 11, "must be between 0 and 10."),
        ({"min": 0, "max": 10}, -0.5, "must be between 0 and 10."),
        ({"min": 1.5}, 1, "must be at least 1.5."),
        ({"max": "100"}, "101", "must not be greater than 100."),
    ],
)
async def test_min_and_max_refuse_values_outside(
    settings: dict[str, object], data: object, message: str
) -> None:
    with pytest.raises(InvalidValue, match=message):
        await normalise("number", data, **settings)


async def test_min_and_max_keep_values_inside_and_empty() -> None:
    assert await normalise("number", "10", min=0, max=10) == 10
    assert await normalise("number", 0, min=0) == 0
    assert await normalise("number", None, min=5) is None
    # Display hints and empty bounds restrict nothing.
    assert await normalise("number", -3, precision=2, min=None, max="") == -3


@pytest.mark.parametrize("settings", [{"min": "low"}, {"max": True}, {"min": 5, "max": 1}])
def test_bad_bounds_are_refused(settings: dict[str, object]) -> None:
    with pytest.raises(InvalidValue):
        kind("number").validate_settings(settings)


def test_convert_respects_the_bounds() -> None:
    t, a = kind("number"), attr("number", max=5)
    assert t.convert("4", kind("text"), a) == 4
    with pytest.raises(InvalidValue):
        t.convert("6", kind("text"), a)
