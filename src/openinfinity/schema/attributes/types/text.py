"""`text`: a single line of text. Numbers sent as data are taken as their decimal text."""

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
from openinfinity.schema.attributes.types.common import MAX_TEXT, as_text, stringify, strip_html, text_key
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext


@register
class TextType(AttributeType):
    kind: ClassVar[str] = "text"
    filtering: ClassVar[Filtering | None] = filtering.TEXT
    sort_by: ClassVar[SortBy | None] = "text"
    searchable: ClassVar[bool] = True
    search_primary: ClassVar[bool] = True
    match_by: ClassVar[MatchBy | None] = "text"
    converts_search_text: ClassVar[bool] = True
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "string"},
        "some Text",
        "Plain text",
    )
    empty: ClassVar[Any] = ""
    limit: ClassVar[int] = MAX_TEXT

    def coerce(self, data: Any) -> str:
        return "" if data is None else as_text(data, self.limit)

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return data or None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(text=text_key(data if isinstance(data, str) else None))

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind == "longtext" and isinstance(data, str):
            return self.coerce(strip_html(data))
        text = stringify(data)
        if text is None:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")
        return self.coerce(text)

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return data if isinstance(data, str) else ""
