"""`phone`: a phone number matching the hosted API's expression."""

from __future__ import annotations

import re
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
from openinfinity.schema.attributes.types.common import stringify, text_key
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext

# The seed's /^[+]*[(]{0,1}[0-9]{1,4}[)]{0,1}[-\s0-9]*$/ (fullmatch: `$` would accept a trailing newline).
PHONE = re.compile(r"[+]*[(]?[0-9]{1,4}[)]?[-\s0-9]*")
MAX_PHONE = 64


@register
class PhoneType(AttributeType):
    kind: ClassVar[str] = "phone"
    filtering: ClassVar[Filtering | None] = filtering.TEXT
    sort_by: ClassVar[SortBy | None] = "text"
    searchable: ClassVar[bool] = True
    search_primary: ClassVar[bool] = True
    match_by: ClassVar[MatchBy | None] = "text"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "string"},
        "+1 206 555 0100",
        "A phone number: digits, spaces, + ( ) -",
    )
    empty: ClassVar[Any] = ""

    def coerce(self, data: Any) -> str:
        if data is None or data == "":
            return ""
        if isinstance(data, int) and not isinstance(data, bool) and data >= 0:
            data = str(data)
        if not isinstance(data, str) or len(data) > MAX_PHONE or not PHONE.fullmatch(data.strip()):
            raise InvalidValue("must be a valid phone number.")
        return data.strip()

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return data or None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(text=text_key(data if isinstance(data, str) else None))

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        text = stringify(data)
        if text is None or isinstance(data, bool):
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")
        return self.coerce(text)

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return data if isinstance(data, str) else ""
