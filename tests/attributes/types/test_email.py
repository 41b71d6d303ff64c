from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise


async def test_valid() -> None:
    assert await normalise("email", "hello@startinfinity.com") == "hello@startinfinity.com"
    assert await normalise("email", " Hello@StartInfinity.COM ") == "Hello@startinfinity.com"
    assert await normalise("email", "") == ""


@pytest.mark.parametrize(
    "bad", ["hello", "a@", "@b.com", "a b@c.com", 5, ["a@b.com"], "a@" + "b" * 400 + ".com"]
)
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("email", bad)


def test_sort_key() -> None:
    t, a = kind("email"), attr("email")
    assert t.sort_key("Hello@x.com", a) == SortKey(text="hello@x.com")
    assert t.search_text("hello@x.com", a) == "hello@x.com"
