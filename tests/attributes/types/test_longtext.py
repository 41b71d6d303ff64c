from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue
from tests.attributes.types.helpers import attr, kind, normalise


async def test_valid() -> None:
    assert await normalise("longtext", "<p>Some Text</p>") == "<p>Some Text</p>"
    assert await normalise("longtext", "x" * 100_000) == "x" * 100_000


@pytest.mark.parametrize("bad", [False, [1], {"p": 1}, "x" * 1_000_001])
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("longtext", bad)


def test_search_text_is_stripped_html() -> None:
    t, a = kind("longtext"), attr("longtext")
    html = "<p>The <b>Park</b>&nbsp;Güell</p><script>alert(1)</script><style>p{}</style>"
    assert t.search_text(html, a) == "The Park Güell"
    assert t.sort_key(html, a).text == "the park güell"
    assert t.search_text("<p></p>", a) is None
