from __future__ import annotations

import pytest

from openinfinity.items.models import Item
from openinfinity.schema.attributes.types.base import InvalidValue
from tests.attributes.types.helpers import attr, kind, normalise


async def test_computed_from_the_item() -> None:
    item = Item(id="i", board_id="b", folder_id="APwqfkShQuR")
    assert kind("source_folder").present(None, attr("source_folder"), {"item": item}) == "APwqfkShQuR"


async def test_read_only() -> None:
    with pytest.raises(InvalidValue):
        await normalise("source_folder", "APwqfkShQuR")
