"""`progress`: a number within settings `min`..`max` (default 0 to 100)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.types.ranged import RangedNumberType
from openinfinity.schema.attributes.types.registry import register


@register
class ProgressType(RangedNumberType):
    kind: ClassVar[str] = "progress"
    default_min: ClassVar[float] = 0
    default_max: ClassVar[float] = 100
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "number"},
        41,
        "A number within the attribute's min..max",
    )
