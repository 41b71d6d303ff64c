from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


@pytest.mark.parametrize(("data", "stored"), [(3, 3), (0, 0), (5, 5), ("4", 4), (None, None)])
async def test_valid_default_range(data: object, stored: object) -> None:
    assert await normalise("rating", data) == stored


@pytest.mark.parametrize("bad", [6, -1, "six", True, [3]])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("rating", bad)


async def test_custom_range() -> None:
    assert await normalise("rating", 10, min=1, max=10) == 10
    with pytest.raises(InvalidValue, match="between 1 and 10"):
        await normalise("rating", 0, min=1, max=10)


def test_settings() -> None:
    t = kind("rating")
    assert t.validate_settings({"max": 10}) == {"max": 10}
    for bad in ({"min": 5, "max": 1}, {"max": "many"}):
        with pytest.raises(InvalidValue):
            t.validate_settings(bad)


def test_sort_and_convert() -> None:
    t, a = kind("rating"), attr("rating")
    assert t.sort_key(3, a) == SortKey(number=3.0)
    assert t.convert("4", kind("text"), a) == 4
    with pytest.raises(InvalidValue):
        t.convert(41, kind("progress"), a)
