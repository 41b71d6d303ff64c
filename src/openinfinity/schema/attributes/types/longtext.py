"""`longtext`: rich text stored as HTML, sanitised like comments (core/sanitize.py: formatting
kept; scripts, event handlers and `javascript:` links dropped); search and sort use the text
without markup."""

from __future__ import annotations

import html
from typing import Any, ClassVar

from openinfinity.core.sanitize import sanitize_html
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    InvalidValue,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.common import MAX_LONGTEXT, as_text, stringify, strip_html, text_key
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext


@register
class LongTextType(AttributeType):
    kind: ClassVar[str] = "longtext"
    filtering: ClassVar[Filtering | None] = filtering.TEXT
    sort_by: ClassVar[SortBy | None] = "text"
    searchable: ClassVar[bool] = True
    search_primary: ClassVar[bool] = True
    converts_search_text: ClassVar[bool] = True
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "string"},
        "<p>Some Text</p>",
        "Rich text (sanitised HTML)",
    )
    empty: ClassVar[Any] = ""

    def coerce(self, data: Any) -> str:
        return "" if data is None else sanitize_html(as_text(data, MAX_LONGTEXT))

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return strip_html(data) or None if isinstance(data, str) else None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(text=text_key(strip_html(data)) if isinstance(data, str) else None)

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        text = stringify(data)
        if text is None:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")
        return self.coerce(text)

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        # The text without markup: a spreadsheet shows tags literally.
        return strip_html(data) if isinstance(data, str) else ""

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        # A cell is plain text: "<" is a character, not markup; line breaks stay line breaks.
        return "<br>".join(html.escape(line, quote=False) for line in text.splitlines())
