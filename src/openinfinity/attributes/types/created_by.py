"""`created_by`: the id of the user who created the item (computed)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.attributes.types.computed import ComputedType
from openinfinity.attributes.types.registry import register


@register
class CreatedByType(ComputedType):
    kind: ClassVar[str] = "created_by"

    def derive(self, item: Any) -> Any:
        return item.created_by
