"""`date`: an ISO 8601 date ("2023-05-25") or date-time. Date-times are stored in UTC in the
API's own format ("2023-05-25T10:00:00.000000Z"); a date-time without offset is taken as UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from openinfinity.core.timefmt import iso, parse_iso
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    InvalidValue,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext

MAX_DATE = 64


@register
class DateType(AttributeType):
    kind: ClassVar[str] = "date"
    filtering: ClassVar[Filtering | None] = filtering.DATE
    sort_by: ClassVar[SortBy | None] = "number"
    searchable: ClassVar[bool] = True
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "string"},
        "2023-05-25",
        "ISO 8601 date, or date-time (stored in UTC)",
    )
    empty: ClassVar[Any] = None

    def coerce(self, data: Any) -> str | None:
        if data is None or data == "":
            return None
        if not isinstance(data, str) or len(data) > MAX_DATE:
            raise InvalidValue("must be a valid ISO 8601 date.")
        try:
            value = parse_iso(data)
        except ValueError:
            raise InvalidValue("must be a valid ISO 8601 date.") from None
        if isinstance(value, datetime):
            return iso(value)
        return value.isoformat()

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return data if isinstance(data, str) else None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        if not isinstance(data, str):
            return SortKey()
        value = parse_iso(data)
        moment = (
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day, tzinfo=UTC)
        )
        return SortKey(number=moment.timestamp(), text=data)

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        try:
            return self.coerce(data)
        except InvalidValue:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.") from None

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return data if isinstance(data, str) else ""

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        # Checked here so the message names the format a person should use.
        try:
            parse_iso(text)
        except ValueError:
            raise InvalidValue("must be a date like 2024-05-25 or 2024-05-25T10:00:00Z.") from None
        return text.strip()
