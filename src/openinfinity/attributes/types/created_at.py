"""`created_at`: when the item was created (computed)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.attributes.models import Attribute
from openinfinity.attributes.types.computed import ComputedType
from openinfinity.attributes.types.registry import register
from openinfinity.attributes.types.spreadsheet import CsvContext
from openinfinity.core.timefmt import iso


@register
class CreatedAtType(ComputedType):
    kind: ClassVar[str] = "created_at"

    def derive(self, item: Any) -> Any:
        return iso(item.created_at)

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return (iso(ctx.item.created_at) if ctx.item is not None else None) or ""
