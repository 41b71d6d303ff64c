from __future__ import annotations

import pytest

from openinfinity.schema.attributes.types.base import InvalidValue
from tests.attributes.types.helpers import attr, ctx, kind, normalise


async def test_values_are_read_only() -> None:
    with pytest.raises(InvalidValue, match="References endpoint"):
        await normalise("reference", ["341a89c9-618e-40ba-92e1-1e12c83b69a6"])
    assert kind("reference").writable is False
    assert kind("reference").computed is False


async def test_default_is_empty() -> None:
    assert await kind("reference").normalise_default(["x"], attr("reference"), ctx()) == []
