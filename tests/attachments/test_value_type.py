"""The `attachments` attribute type on its own (the items API round-trip is in test_values.py)."""

from __future__ import annotations

from typing import Any

import pytest

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import InvalidValue, ValueContext

KIND = registry.get("attachments")
ATTRIBUTE = Attribute(id="a", board_id="b", name="Files", type="attachments", settings={})


def _ctx(existing: set[int]) -> ValueContext:
    asked: list[list[int]] = []

    async def attachment_ids(ids: list[int]) -> set[int]:
        asked.append(ids)
        return {i for i in ids if i in existing}

    ctx = ValueContext(workspace_id=1, board_id="b", attachment_ids=attachment_ids)
    ctx.extras["asked"] = asked
    return ctx


def test_registered() -> None:
    assert KIND is not None
    assert "attachments" in registry.kinds()
    assert KIND.empty == []


@pytest.mark.parametrize(
    ("data", "stored"),
    [
        ([{"id": 5}], [5]),
        ([{"id": "5"}, {"id": 7}], [5, 7]),  # ids as numeric strings, like the seed's example
        ([{"id": 5}, {"id": 5}], [5]),  # duplicates collapse
        ([5, "7"], [5, 7]),
        ([{"id": 7, "link": "https://old", "path": "item-files/1/x"}], [7]),  # a read object sent back
        ([], []),
        (None, []),
    ],
)
async def test_normalise(data: Any, stored: list[int]) -> None:
    assert KIND is not None
    assert await KIND.normalise(data, ATTRIBUTE, _ctx({5, 7})) == stored


@pytest.mark.parametrize(
    "data",
    [{"id": 5}, "5", [{"id": "five"}], [{"id": True}], [{"name": "x"}], [{"id": -1}], [[5]], [{"id": 1.5}]],
)
async def test_malformed_data_is_refused(data: Any) -> None:
    assert KIND is not None
    with pytest.raises(InvalidValue, match=r"must be a list of attachments"):
        await KIND.normalise(data, ATTRIBUTE, _ctx({5}))


async def test_unknown_or_foreign_ids_are_refused() -> None:
    assert KIND is not None
    with pytest.raises(InvalidValue, match="do not exist or that you cannot use here"):
        await KIND.normalise([{"id": 5}, {"id": 9}, {"id": "11"}], ATTRIBUTE, _ctx({5}))


async def test_default_must_be_empty() -> None:
    assert KIND is not None
    assert await KIND.normalise_default([], ATTRIBUTE, _ctx(set())) == []
    with pytest.raises(InvalidValue):
        await KIND.normalise_default([{"id": 5}], ATTRIBUTE, _ctx({5}))


def test_present_uses_the_preloaded_objects_in_stored_order() -> None:
    assert KIND is not None
    objects = {5: {"id": 5, "link": "L5"}, 7: {"id": 7, "link": "L7"}}
    assert KIND.present([7, 5, 99], ATTRIBUTE, {"attachments": objects}) == [objects[7], objects[5]]
    assert KIND.present([], ATTRIBUTE, {"attachments": objects}) == []
    assert KIND.present([7, 5], ATTRIBUTE, {}) == [{"id": 7}, {"id": 5}]  # no preload: ids only
    assert KIND.sort_key([7, 5], ATTRIBUTE).number == 2
