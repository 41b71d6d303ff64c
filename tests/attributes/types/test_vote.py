from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


async def test_valid() -> None:
    assert await normalise("vote", [1302, 1975]) == [1302, 1975]
    assert await normalise("vote", None) == []


@pytest.mark.parametrize("bad", [[42], ["x"], {"1302": True}])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("vote", bad)


def test_sort_key_counts_votes() -> None:
    assert kind("vote").sort_key([1302, 1975], attr("vote")) == SortKey(number=2.0)
    assert kind("vote").convert([1975], kind("members"), attr("vote")) == [1975]
