"""`checkbox`: true or false. Strings "true"/"false"/"1"/"0" and the numbers 1/0 coerce."""

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
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext

_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})
# What spreadsheets and people also write in a checkbox column.
_CSV_TRUE = _TRUE | {"yes", "y", "x", "checked", "on"}
_CSV_FALSE = _FALSE | {"no", "n", "unchecked", "off"}


@register
class CheckboxType(AttributeType):
    kind: ClassVar[str] = "checkbox"
    filtering: ClassVar[Filtering | None] = filtering.CHECKBOX
    sort_by: ClassVar[SortBy | None] = "number"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "boolean"},
        True,
        "Checked or not",
    )
    empty: ClassVar[Any] = False

    def coerce(self, data: Any) -> bool:
        if data is None:
            return False
        if isinstance(data, bool):
            return data
        if isinstance(data, int) and data in (0, 1):
            return bool(data)
        if isinstance(data, str) and len(data) <= 8:
            raw = data.strip().lower()
            if raw in _TRUE:
                return True
            if raw in _FALSE:
                return False
        raise InvalidValue("must be true or false.")

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(number=1.0 if data is True else 0.0)

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        try:
            return self.coerce(data)
        except InvalidValue:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.") from None

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return "true" if data is True else "false"

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        raw = text.strip().lower()
        if raw in _CSV_TRUE:
            return True
        if raw in _CSV_FALSE:
            return False
        raise InvalidValue("must be true or false.")
