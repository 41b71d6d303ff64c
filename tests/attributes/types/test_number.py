from __future__ import annotations

import pytest

from openinfinity.attributes.types.base import InvalidValue, SortKey
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
