"""`email`: one valid e-mail address (syntax only; no DNS look-up on write)."""

from __future__ import annotations

from typing import Any, ClassVar

from email_validator import EmailNotValidError, validate_email

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


@register
class EmailType(AttributeType):
    kind: ClassVar[str] = "email"
    filtering: ClassVar[Filtering | None] = filtering.TEXT
    sort_by: ClassVar[SortBy | None] = "text"
    searchable: ClassVar[bool] = True
    search_primary: ClassVar[bool] = True
    match_by: ClassVar[MatchBy | None] = "text"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "string"},
        "hello@startinfinity.com",
        "A valid e-mail address",
    )
    empty: ClassVar[Any] = ""

    def coerce(self, data: Any) -> str:
        if data is None or data == "":
            return ""
        if not isinstance(data, str) or len(data) > 320:
            raise InvalidValue("must be a valid email address.")
        try:
            return validate_email(data.strip(), check_deliverability=False).normalized
        except EmailNotValidError:
            raise InvalidValue("must be a valid email address.") from None

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return data or None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(text=text_key(data if isinstance(data, str) else None))

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        text = stringify(data)
        if text is None:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")
        return self.coerce(text)

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        return data if isinstance(data, str) else ""
