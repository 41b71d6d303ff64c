"""Helpers shared by the type modules: coercions, empties, list checks and the search/sort
conventions every type follows (so view filters can rely on them)."""

from __future__ import annotations

import math
import re
import uuid
from html.parser import HTMLParser
from typing import Any

from openinfinity.core.bounds import fits_int64, parse_db_id
from openinfinity.schema.attributes.types.base import InvalidValue

# Longest text a single value may hold (text) and a long text (HTML) value.
MAX_TEXT = 65_535
MAX_LONGTEXT = 1_000_000
MAX_ENTRIES = 1_000
TEXT_KEY_LENGTH = 255


def is_empty(data: Any) -> bool:
    return data is None or data == "" or data == []


def text_key(text: str | None) -> str | None:
    if text is None or text == "":
        return None
    return text.lower()[:TEXT_KEY_LENGTH]


def as_number(data: Any) -> int | float:
    """A finite number; numeric strings ("3", "3.5", " -2 ") coerce. Booleans are not numbers."""
    if isinstance(data, bool):
        raise InvalidValue("must be a number.")
    if isinstance(data, int):
        if not fits_int64(data):
            raise InvalidValue("must be a number that fits in 64 bits.")
        return data
    if isinstance(data, float):
        if not math.isfinite(data):
            raise InvalidValue("must be a number.")
        return int(data) if data.is_integer() and abs(data) < 2**53 else data
    if isinstance(data, str) and len(data) <= 64:
        raw = data.strip()
        try:
            return as_number(int(raw))
        except ValueError:
            pass
        try:
            number = float(raw)
        except ValueError:
            raise InvalidValue("must be a number.") from None
        return as_number(number)
    raise InvalidValue("must be a number.")


def as_text(data: Any, limit: int) -> str:
    """A string; numbers coerce to their decimal form (unambiguous), anything else is refused."""
    if isinstance(data, bool):
        raise InvalidValue("must be a string.")
    if isinstance(data, int | float):
        data = str(as_number(data))
    if not isinstance(data, str):
        raise InvalidValue("must be a string.")
    if len(data) > limit:
        raise InvalidValue(f"must not be greater than {limit} characters.")
    return data


def as_list(data: Any, *, scalar_ok: bool = True) -> list[Any]:
    """A JSON array (a single scalar is taken as a one-element array where that is unambiguous)."""
    if data is None:
        return []
    if isinstance(data, list):
        if len(data) > MAX_ENTRIES:
            raise InvalidValue(f"must not have more than {MAX_ENTRIES} items.")
        return data
    if scalar_ok and isinstance(data, str | int) and not isinstance(data, bool):
        return [data]
    raise InvalidValue("must be an array.")


def as_user_id(raw: Any) -> int:
    user_id = parse_db_id(raw)
    if user_id is None:
        raise InvalidValue("must contain user ids.")
    return user_id


def entry_id(raw: Any) -> str:
    """The id of a link or checklist entry: kept when given (a string or number), generated when absent."""
    if raw is None or raw == "":
        return str(uuid.uuid4())
    if isinstance(raw, bool) or not isinstance(raw, str | int) or len(str(raw)) > 64:
        raise InvalidValue("must contain entries with valid ids.")
    return str(raw)


def settings_range(settings: dict[str, Any], default_min: float, default_max: float) -> tuple[float, float]:
    low = settings.get("min", default_min)
    high = settings.get("max", default_max)
    try:
        low_n, high_n = as_number(low), as_number(high)
    except InvalidValue:
        raise InvalidValue("min and max must be numbers.") from None
    if low_n > high_n:
        raise InvalidValue("min must not be greater than max.")
    return float(low_n), float(high_n)


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment (script and style content dropped)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_SPACES = re.compile(r"\s+")


def strip_html(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return _SPACES.sub(" ", "".join(parser.parts)).strip()


def stringify(data: Any) -> str | None:
    """A scalar as text, for conversions to text-like types."""
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, int | float | str):
        return str(data)
    return None
