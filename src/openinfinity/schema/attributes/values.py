"""Values through their attribute's type: what the items service calls to validate, index and
present a value's data."""

from __future__ import annotations

from typing import Any

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import AttributeType, InvalidValue, SortKey, ValueContext


def type_of(attribute: Attribute) -> AttributeType:
    kind = registry.get(attribute.type)
    if kind is None:
        raise InvalidValue(f"belongs to an attribute of unknown type {attribute.type}.")
    return kind


async def normalise_value(
    attribute: Attribute, data: Any, ctx: ValueContext
) -> tuple[Any, str | None, SortKey]:
    """Stored data, search text and sort key for `data`; raises InvalidValue when it does not fit
    (including read-only types: computed ones and reference)."""
    kind = type_of(attribute)
    stored = await kind.normalise(data, attribute, ctx)
    return stored, kind.search_text(stored, attribute), kind.sort_key(stored, attribute)


def derived(attribute: Attribute, stored: Any) -> tuple[str | None, SortKey]:
    """Search text and sort key of already-stored data (after a type or settings change)."""
    kind = type_of(attribute)
    return kind.search_text(stored, attribute), kind.sort_key(stored, attribute)


def present_data(attribute: Attribute, stored: Any, ctx: dict[str, Any]) -> Any:
    """Stored data as the API returns it; `ctx["item"]` is the Item (computed types read it)."""
    kind = registry.get(attribute.type)
    return stored if kind is None else kind.present(stored, attribute, ctx)
