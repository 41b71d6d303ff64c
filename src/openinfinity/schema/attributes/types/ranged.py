"""Shared base of `rating` and `progress`: a number inside the attribute's `min`..`max`."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    InvalidValue,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.common import as_number, settings_range
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, plain_number

RANGED_SOURCES = frozenset({"text", "number", "rating", "progress"})


class RangedNumberType(AttributeType):
    default_min: ClassVar[float]
    default_max: ClassVar[float]
    empty: ClassVar[Any] = None
    filtering: ClassVar[Filtering | None] = filtering.NUMBER
    sort_by: ClassVar[SortBy | None] = "number"
    searchable: ClassVar[bool] = True

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        settings_range(settings, self.default_min, self.default_max)
        return settings

    def bounds(self, attribute: Attribute) -> tuple[float, float]:
        return settings_range(attribute.settings or {}, self.default_min, self.default_max)

    def coerce(self, data: Any, attribute: Attribute) -> int | float | None:
        if data is None or data == "":
            return None
        number = as_number(data)
        low, high = self.bounds(attribute)
        if not low <= number <= high:
            raise InvalidValue(f"must be between {_plain(low)} and {_plain(high)}.")
        return number

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data, attribute)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return None if data is None else str(data)

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(number=None if data is None else float(data))

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind not in RANGED_SOURCES:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")
        try:
            return self.coerce(data, attribute)
        except InvalidValue as exc:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}: {exc}") from None

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return plain_number(data)

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        return as_number(text)


def _plain(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)
