from __future__ import annotations

from datetime import datetime

import pytest

from openinfinity.items.models import Item
from openinfinity.schema.attributes.types.base import InvalidValue
from tests.attributes.types.helpers import attr, kind, normalise


async def test_computed_from_the_item() -> None:
    item = Item(id="i", board_id="b", folder_id="f", created_at=datetime(2020, 11, 26, 13, 57, 11))
    assert (
        kind("created_at").present(None, attr("created_at"), {"item": item}) == "2020-11-26T13:57:11.000000Z"
    )
    assert kind("created_at").present(None, attr("created_at"), {}) is None


async def test_read_only() -> None:
    with pytest.raises(InvalidValue, match="read-only"):
        await normalise("created_at", "2020-11-26")
