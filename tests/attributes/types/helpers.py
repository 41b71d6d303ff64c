"""Unit-test helpers for attribute types: an unsaved attribute and a value context."""

from __future__ import annotations

from typing import Any

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import AttributeType, ValueContext

MEMBERS = {1302, 1975}


def attr(kind: str, **settings: Any) -> Attribute:
    return Attribute(id="a", board_id="b", name=kind, type=kind, settings=settings)


def ctx(members: set[int] | None = None) -> ValueContext:
    ids = MEMBERS if members is None else members

    async def member_ids() -> set[int]:
        return ids

    return ValueContext(workspace_id=1, board_id="b", user_id=1302, member_ids=member_ids)


def kind(name: str) -> AttributeType:
    found = registry.get(name)
    assert found is not None
    return found


async def normalise(name: str, data: Any, **settings: Any) -> Any:
    return await kind(name).normalise(data, attr(name, **settings), ctx())
