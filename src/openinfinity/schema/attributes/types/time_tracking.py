"""`time_tracking`: the total time tracked on the item, in whole seconds (an integer; 0 or no
value when nothing was tracked). Read-only: entries are started and ended through the Time
tracking endpoint, which rewrites the value whenever an entry ends, changes or is deleted. Sorts
and filters as a number."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    CsvContext,
    InvalidValue,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register


@register
class TimeTrackingType(AttributeType):
    kind: ClassVar[str] = "time_tracking"
    # Seconds tracked: filtered and sorted as a number (no entries: no value, or 0 once reset).
    filtering: ClassVar[Filtering | None] = filtering.NUMBER
    sort_by: ClassVar[SortBy | None] = "number"
    writable: ClassVar[bool] = False
    written_through: ClassVar[str] = "the Time tracking endpoint"
    empty: ClassVar[Any] = 0
    csv_importable: ClassVar[bool] = False  # tracked through entries, never written
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "integer", "minimum": 0},
        5400,
        "Seconds tracked on the item (read-only: written through the Time tracking endpoint)",
    )

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        """H:MM:SS, the duration format spreadsheet apps read ("" when nothing was tracked)."""
        if not isinstance(data, int) or isinstance(data, bool) or data <= 0:
            return ""
        hours, rest = divmod(data, 3600)
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        raise InvalidValue("is read-only: track time through the Time tracking endpoint.")

    async def normalise_default(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return 0

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        seconds = data if isinstance(data, int) and not isinstance(data, bool) else 0
        return SortKey(number=float(seconds))
