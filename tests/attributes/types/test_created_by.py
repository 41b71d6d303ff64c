from __future__ import annotations

import pytest

from openinfinity.items.models import Item
from openinfinity.schema.attributes.types.base import InvalidValue
from tests.attributes.types.helpers import attr, ctx, kind, normalise


async def test_computed_from_the_item() -> None:
    item = Item(id="i", board_id="b", folder_id="f", created_by=1302)
    assert kind("created_by").present(None, attr("created_by"), {"item": item}) == 1302


async def test_read_only_and_default_ignored() -> None:
    with pytest.raises(InvalidValue):
        await normalise("created_by", 1302)
    assert await kind("created_by").normalise_default(1302, attr("created_by"), ctx()) is None
