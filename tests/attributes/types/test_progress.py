from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


@pytest.mark.parametrize(("data", "stored"), [(41, 41), (0, 0), (100, 100), ("12.5", 12.5)])
async def test_valid_default_range(data: object, stored: object) -> None:
    assert await normalise("progress", data) == stored


@pytest.mark.parametrize("bad", [101, -0.1, "half", False, {"p": 1}])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("progress", bad)


async def test_custom_range() -> None:
    assert await normalise("progress", 500, min=0, max=1000) == 500
    with pytest.raises(InvalidValue):
        await normalise("progress", 1001, min=0, max=1000)


def test_sort() -> None:
    assert kind("progress").sort_key(41, attr("progress")) == SortKey(number=41.0)
