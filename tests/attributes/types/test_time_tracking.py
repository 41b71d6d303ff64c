from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue
from tests.attributes.types.helpers import attr, ctx, kind, normalise


async def test_values_are_read_only() -> None:
    for data in (60, 0, "3600", None):
        with pytest.raises(InvalidValue, match="Time tracking endpoint"):
            await normalise("time_tracking", data)
    assert kind("time_tracking").writable is False
    assert kind("time_tracking").computed is False


async def test_default_is_zero_seconds() -> None:
    assert await kind("time_tracking").normalise_default(120, attr("time_tracking"), ctx()) == 0


def test_sorts_by_seconds() -> None:
    t, a = kind("time_tracking"), attr("time_tracking")
    assert t.sort_key(5400, a).number == 5400.0
    assert t.sort_key(None, a).number == 0.0
    assert t.sort_key(True, a).number == 0.0
    assert t.search_text(5400, a) is None


def test_other_types_do_not_convert_into_it() -> None:
    with pytest.raises(InvalidValue):
        kind("time_tracking").convert(12, kind("number"), attr("time_tracking"))
