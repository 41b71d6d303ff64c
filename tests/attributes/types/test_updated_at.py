from __future__ import annotations

from datetime import datetime

import pytest

from openinfinity.items.models import Item
from openinfinity.schema.attributes.types.base import InvalidValue
from tests.attributes.types.helpers import attr, kind, normalise


async def test_computed_from_the_item() -> None:
    item = Item(id="i", board_id="b", folder_id="f", updated_at=datetime(2023, 5, 25, 22, 1, 55, 120000))
    assert (
        kind("updated_at").present(None, attr("updated_at"), {"item": item}) == "2023-05-25T22:01:55.120000Z"
    )


async def test_read_only() -> None:
    with pytest.raises(InvalidValue):
        await normalise("updated_at", "2023-05-25")
    assert kind("updated_at").computed
