"""`number`: a finite number. Settings (format, precision, currency ...) are display hints, except
the optional `min` and `max`: when set, a value outside them is refused (422), as for rating and
progress. Values stored before a bound was set are kept."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    InvalidValue,
    MatchBy,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.common import as_number
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, plain_number

NUMERIC_SOURCES = frozenset({"text", "number", "rating", "progress", "email", "phone", "longtext"})


@register
class NumberType(AttributeType):
    kind: ClassVar[str] = "number"
    filtering: ClassVar[Filtering | None] = filtering.NUMBER
    sort_by: ClassVar[SortBy | None] = "number"
    searchable: ClassVar[bool] = True
    match_by: ClassVar[MatchBy | None] = "number"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "number"},
        3.3198,
        "A number (within settings.min..max when set)",
    )
    empty: ClassVar[Any] = None

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        bounds(settings)
        return settings

    def coerce(self, data: Any, attribute: Attribute) -> int | float | None:
        if data is None or data == "":
            return None
        number = as_number(data)
        low, high = bounds(attribute.settings or {})
        if low is not None and high is not None and not low <= number <= high:
            raise InvalidValue(f"must be between {plain(low)} and {plain(high)}.")
        if low is not None and number < low:
            raise InvalidValue(f"must be at least {plain(low)}.")
        if high is not None and number > high:
            raise InvalidValue(f"must not be greater than {plain(high)}.")
        return number

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data, attribute)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return None if data is None else str(data)

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(number=None if data is None else float(data))

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind not in NUMERIC_SOURCES and source.kind != "checkbox":
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")
        if isinstance(data, bool):
            data = int(data)
        try:
            return self.coerce(data, attribute)
        except InvalidValue:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.") from None

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return plain_number(data)

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        return as_number(text)


def bounds(settings: dict[str, Any]) -> tuple[float | None, float | None]:
    """The optional `min`/`max` of a number attribute (None: no bound); raises for bad settings."""
    found: list[float | None] = []
    for key in ("min", "max"):
        raw = settings.get(key)
        if raw is None or raw == "":
            found.append(None)
            continue
        try:
            found.append(float(as_number(raw)))
        except InvalidValue:
            raise InvalidValue(f"{key} must be a number.") from None
    low, high = found
    if low is not None and high is not None and low > high:
        raise InvalidValue("min must not be greater than max.")
    return low, high


def plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)
