from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue, SortKey
from tests.attributes.types.helpers import attr, kind, normalise

SEED = {
    "id": "d72e0591-25f1-4003-b5ba-874fa4424ce2",
    "url": "https://startinfinity.com/",
    "name": "Infinity | Customizable Work Management Platform",
    "favicon": "https://startinfinity.com/favicon/android-icon-192x192.png?v=2",
}


async def test_seed_example_is_kept() -> None:
    assert await normalise("links", [SEED]) == [SEED]


async def test_ids_generated_and_bare_urls() -> None:
    stored = await normalise("links", [{"url": "https://a.example/x"}, "http://b.example"])
    assert [len(link["id"]) for link in stored] == [36, 36]
    assert stored[0]["name"] == "https://a.example/x" and stored[0]["favicon"] is None
    assert stored[1]["url"] == "http://b.example"


@pytest.mark.parametrize(
    "bad",
    [
        [{"name": "no url"}],
        [{"url": "javascript:alert(1)"}],
        [{"url": "ftp://x.example"}],
        [{"url": "https://"}],
        [{"url": "https://x.example", "name": 5}],
        [{"url": "https://x.example/" + "a" * 3000}],
        [5],
        {"url": "https://x.example"},
    ],
)
async def test_invalid(bad: object) -> None:
    with pytest.raises(InvalidValue):
        await normalise("links", bad)


def test_search_and_sort() -> None:
    t, a = kind("links"), attr("links")
    assert t.sort_key([SEED], a) == SortKey(text="https://startinfinity.com/")
    text = t.search_text([SEED], a)
    assert text is not None and "Infinity" in text and "startinfinity.com" in text
    assert t.sort_key([], a) == SortKey()
