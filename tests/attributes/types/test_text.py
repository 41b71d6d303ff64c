from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


async def test_valid() -> None:
    assert await normalise("text", "Pack the suitcase") == "Pack the suitcase"
    assert await normalise("text", 3) == "3"
    assert await normalise("text", None) == ""


@pytest.mark.parametrize("bad", [True, ["a"], {"a": 1}, "x" * 65_536])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("text", bad)


def test_search_and_sort() -> None:
    t, a = kind("text"), attr("text")
    assert t.search_text("Park Güell", a) == "Park Güell"
    assert t.sort_key("Park Güell" + "x" * 300, a) == SortKey(text=("park güell" + "x" * 300)[:255])
    assert t.sort_key("", a) == SortKey()


def test_convert() -> None:
    t, a = kind("text"), attr("text")
    assert t.convert(4.5, kind("number"), a) == "4.5"
    assert t.convert("<p>Hi <b>there</b></p>", kind("longtext"), a) == "Hi there"
    assert t.convert(True, kind("checkbox"), a) == "true"
    with pytest.raises(InvalidValue):
        t.convert([1975], kind("members"), a)
