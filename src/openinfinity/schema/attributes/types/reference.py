"""`reference`: links to other items. Values are written through the References endpoint only;
data is the array of referenced item ids."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    IdLookup,
    InvalidValue,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, join_names


@register
class ReferenceType(AttributeType):
    kind: ClassVar[str] = "reference"
    filtering: ClassVar[Filtering | None] = filtering.REFERENCE
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "array", "items": {}},
        [],
        "Read-only here: references are made through the References endpoints",
    )
    writable: ClassVar[bool] = False
    empty: ClassVar[Any] = []

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        raise InvalidValue("is read-only: create references through the References endpoint.")

    async def normalise_default(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return []

    def present(self, data: Any, attribute: Attribute, ctx: dict[str, Any]) -> Any:
        """Only the targets the reader may see: an item on a board hidden from them is left out,
        so its id never reaches them (`visible_items` is set by the items presenter)."""
        visible = ctx.get("visible_items")
        if visible is None or not isinstance(data, list):
            return data
        return [target for target in data if target in visible]

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(number=float(len(data)) if isinstance(data, list) else 0.0)

    csv_importable: ClassVar[bool] = False

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        """The ids of the referenced items (what the API and other exports name them by)."""
        return join_names([str(i) for i in data]) if isinstance(data, list) else ""

    def remap(self, data: Any, lookup: IdLookup) -> Any:
        if not isinstance(data, list):
            return []
        mapped = (lookup("item", item_id) for item_id in data)
        return [item_id for item_id in mapped if item_id is not None]
