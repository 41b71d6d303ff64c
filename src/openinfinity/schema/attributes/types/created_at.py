"""`created_at`: when the item was created (computed)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.core.timefmt import iso
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import SortBy
from openinfinity.schema.attributes.types.computed import ComputedType
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext


@register
class CreatedAtType(ComputedType):
    kind: ClassVar[str] = "created_at"
    filtering: ClassVar[Filtering | None] = filtering.ITEM_DATE
    sort_by: ClassVar[SortBy | None] = "item"
    item_column: ClassVar[str | None] = "created_at"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "string", "description": "ISO 8601 date-time in UTC, e.g. 2023-05-25T10:00:00.000000Z"},
        "2023-05-25T10:00:00.000000Z",
        "When the item was created (read-only)",
    )

    def derive(self, item: Any) -> Any:
        return iso(item.created_at)

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return (iso(ctx.item.created_at) if ctx.item is not None else None) or ""
