"""`created_by`: the id of the user who created the item (computed)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import SortBy
from openinfinity.schema.attributes.types.computed import ComputedType
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext


@register
class CreatedByType(ComputedType):
    kind: ClassVar[str] = "created_by"
    filtering: ClassVar[Filtering | None] = filtering.ITEM_USER
    sort_by: ClassVar[SortBy | None] = "item"
    item_column: ClassVar[str | None] = "created_by"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "integer"},
        1975,
        "The user who created the item (read-only)",
    )

    def derive(self, item: Any) -> Any:
        return item.created_by

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        user_id = getattr(ctx.item, "created_by", None)
        return "" if user_id is None else ctx.member_names.get(user_id, str(user_id))
