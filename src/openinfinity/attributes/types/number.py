"""`number`: a finite number. Settings (format, precision, currency ...) are display hints."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.attributes.models import Attribute
from openinfinity.attributes.types.base import AttributeType, InvalidValue, SortKey, ValueContext
from openinfinity.attributes.types.common import as_number
from openinfinity.attributes.types.registry import register

NUMERIC_SOURCES = frozenset({"text", "number", "rating", "progress", "email", "phone", "longtext"})


@register
class NumberType(AttributeType):
    kind: ClassVar[str] = "number"
    empty: ClassVar[Any] = None

    def coerce(self, data: Any, attribute: Attribute) -> int | float | None:
        if data is None or data == "":
            return None
        return as_number(data)

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
            return int(data)
        try:
            return self.coerce(data, attribute)
        except InvalidValue:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.") from None
