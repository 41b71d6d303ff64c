from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


@pytest.mark.parametrize(
    ("data", "stored"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("false", False),
        ("1", True),
        ("0", False),
        (1, True),
        (0, False),
        ("TRUE", True),
    ],
)
async def test_valid(data: object, stored: bool) -> None:
    assert await normalise("checkbox", data) is stored


@pytest.mark.parametrize("bad", ["yes", "", 2, 0.5, [True], {"a": True}])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("checkbox", bad)


def test_sort_key() -> None:
    t, a = kind("checkbox"), attr("checkbox")
    assert t.sort_key(True, a) == SortKey(number=1.0)
    assert t.sort_key(False, a) == SortKey(number=0.0)
    assert t.search_text(True, a) is None


def test_convert() -> None:
    t, a = kind("checkbox"), attr("checkbox")
    assert t.convert("true", kind("text"), a) is True
    assert t.convert(0, kind("number"), a) is False
    with pytest.raises(InvalidValue):
        t.convert("maybe", kind("text"), a)
