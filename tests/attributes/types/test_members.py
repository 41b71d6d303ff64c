from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey, ValueContext
from tests.attributes.types.helpers import attr, kind, normalise


async def test_valid() -> None:
    assert await normalise("members", [1975]) == [1975]
    assert await normalise("members", ["1975", 1302, 1975]) == [1975, 1302]
    assert await normalise("members", 1302) == [1302]
    assert await normalise("members", []) == []


@pytest.mark.parametrize("bad", [[999], [True], ["abc"], [1.5], {"id": 1975}, [[1975]]])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("members", bad)


async def test_needs_the_member_lookup() -> None:
    with pytest.raises(InvalidValue):
        await kind("members").normalise([1975], attr("members"), ValueContext(workspace_id=1, board_id="b"))


def test_sort_and_convert() -> None:
    t, a = kind("members"), attr("members")
    assert t.sort_key([1, 2], a) == SortKey(number=2.0)
    assert t.convert([1302], kind("vote"), a) == [1302]
    with pytest.raises(InvalidValue):
        t.convert("1302", kind("text"), a)
