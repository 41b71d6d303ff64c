"""`reference`: links to other items. Values are written through the References endpoint only;
data is the array of referenced item ids."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.attributes.models import Attribute
from openinfinity.attributes.types.base import AttributeType, IdLookup, InvalidValue, SortKey, ValueContext
from openinfinity.attributes.types.registry import register


@register
class ReferenceType(AttributeType):
    kind: ClassVar[str] = "reference"
    writable: ClassVar[bool] = False
    empty: ClassVar[Any] = []

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        raise InvalidValue("is read-only: create references through the References endpoint.")

    async def normalise_default(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return []

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(number=float(len(data)) if isinstance(data, list) else 0.0)

    def remap(self, data: Any, lookup: IdLookup) -> Any:
        if not isinstance(data, list):
            return []
        mapped = (lookup("item", item_id) for item_id in data)
        return [item_id for item_id in mapped if item_id is not None]
