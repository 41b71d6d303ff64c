"""`updated_at`: when the item last changed (computed)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.attributes.types.computed import ComputedType
from openinfinity.attributes.types.registry import register
from openinfinity.core.timefmt import iso


@register
class UpdatedAtType(ComputedType):
    kind: ClassVar[str] = "updated_at"

    def derive(self, item: Any) -> Any:
        return iso(item.updated_at)
