"""`links`: an array of `{id, url, name, favicon}`; ids are generated when absent and a bare
URL string is taken as a link to it."""

from __future__ import annotations

import re
from typing import Any, ClassVar
from urllib.parse import urlsplit

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    InvalidValue,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.common import as_list, entry_id, text_key
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, lines

MAX_URL = 2048
# "name <https://…>": a link with a name, as a CSV cell writes it.
_NAMED = re.compile(r"(.*\S)\s*<(\S+)>")


def _url(raw: Any, message: str = "must contain links with a valid url.") -> str:
    """An absolute http(s) URL: a `javascript:` or `data:` link would run in whatever renders it."""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_URL:
        raise InvalidValue(message)
    url = raw.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise InvalidValue(message)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise InvalidValue(message)
    return url


def _favicon(raw: Any) -> str | None:
    if raw is None or raw == "":
        return raw
    return _url(raw, "must contain links whose favicon is an http or https URL.")


def _optional_text(raw: Any, what: str) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or len(raw) > MAX_URL:
        raise InvalidValue(f"must contain links whose {what} is a string.")
    return raw


@register
class LinksType(AttributeType):
    kind: ClassVar[str] = "links"
    filtering: ClassVar[Filtering | None] = filtering.TEXT
    sort_by: ClassVar[SortBy | None] = "text"
    searchable: ClassVar[bool] = True
    search_primary: ClassVar[bool] = True
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url"],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "name": {"type": ["string", "null"]},
                    "favicon": {"type": ["string", "null"]},
                },
            },
        },
        [
            {
                "id": "d72e0591-25f1-4003-b5ba-874fa4424ce2",
                "url": "https://startinfinity.com/",
                "name": "Infinity | Customizable Work Management Platform",
                "favicon": "https://startinfinity.com/favicon/android-icon-192x192.png?v=2",
            }
        ],
        "Links with an optional name and favicon",
    )
    empty: ClassVar[Any] = []

    def coerce(self, data: Any) -> list[dict[str, Any]]:
        links: list[dict[str, Any]] = []
        for entry in as_list(data):
            if isinstance(entry, str):
                entry = {"url": entry}
            if not isinstance(entry, dict):
                raise InvalidValue("must contain link objects.")
            url = _url(entry.get("url"))
            name = _optional_text(entry.get("name"), "name")
            links.append(
                {
                    "id": entry_id(entry.get("id")),
                    "url": url,
                    "name": url if name is None else name,
                    "favicon": _favicon(entry.get("favicon")),
                }
            )
        return links

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        if not isinstance(data, list):
            return None
        parts = [f"{link.get('name') or ''} {link.get('url') or ''}".strip() for link in data]
        return " ".join(p for p in parts if p) or None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        if isinstance(data, list) and data and isinstance(data[0], dict):
            return SortKey(text=text_key(data[0].get("url")))
        return SortKey()

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind in ("text", "links"):
            try:
                return self.coerce(data)
            except InvalidValue:
                pass
        raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        """One link a line: its URL, or "name <URL>" when it has a name of its own."""
        out: list[str] = []
        for link in data if isinstance(data, list) else []:
            if isinstance(link, dict) and isinstance(link.get("url"), str):
                name = link.get("name")
                out.append(f"{name} <{link['url']}>" if name and name != link["url"] else link["url"])
        return "\n".join(out)

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        links: list[dict[str, Any]] = []
        for line in lines(text):
            named = _NAMED.fullmatch(line)
            links.append({"name": named[1].strip(), "url": named[2]} if named else {"url": line})
        return links
