from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


@pytest.mark.parametrize(
    "good", ["+1 206 555 0100", "(206) 555-0100", "0049 30 1234", "555", "+(44)20 7946-0958"]
)
async def test_valid(good: str) -> None:
    assert await normalise("phone", good) == good


async def test_number_is_taken_as_digits() -> None:
    assert await normalise("phone", 5550100) == "5550100"


@pytest.mark.parametrize(
    "bad", ["call me", "+1 206 555 0100 ext", "((206)) 555", "12345-abc", "+1.206", True, "1" * 65]
)
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("phone", bad)


def test_sort_key() -> None:
    assert kind("phone").sort_key("+1 206", attr("phone")) == SortKey(text="+1 206")
