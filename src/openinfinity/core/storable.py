"""Text no database can store, found once at the edge so it answers 422 instead of a driver error.

Two kinds of string are valid JSON and valid Python, yet break every write or comparison:

- NUL (`\\u0000`): PostgreSQL refuses it in `text`/`jsonb`, SQLite cuts strings at it;
- a lone UTF-16 surrogate (`"\\ud800"` without its pair): JSON decodes the escape to a code point
  that has no UTF-8 form, so the driver's encode fails (on both databases).

The request middleware checks every JSON body and query parameter; code that decodes JSON found
inside a parameter (a list's `filter`) checks what it decoded.
"""

from __future__ import annotations

import json
import re
from typing import Any

_NUL = "must not contain NUL characters."
_SURROGATE = "must not contain unpaired surrogate characters."
# A JSON escape of a surrogate (paired or not): only then can a decoded string hold a lone one.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def text_flaw(text: str) -> str | None:
    """Why `text` cannot be stored (the predicate of a validation message), or None."""
    if "\x00" in text:
        return _NUL
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE
    return None


def find_unstorable(value: Any, path: str = "") -> tuple[str, str] | None:
    """The first (field path, predicate) of a decoded JSON document whose key or string cannot
    be stored, or None. Paths are dotted like validation errors' (`values.0.data`)."""
    if isinstance(value, str):
        flaw = text_flaw(value)
        return (path or "body", flaw) if flaw else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, child in items:
        child_path = f"{path}.{key}" if path else str(key)
        flaw = text_flaw(str(key))
        if flaw:
            return _printable(child_path), flaw
        found = find_unstorable(child, child_path)
        if found is not None:
            return found
    return None


def unstorable_in_body(body: bytes, decoded: Any | None) -> tuple[str, str] | None:
    """Like find_unstorable for a raw JSON body. `decoded` is the body already parsed by orjson,
    or None: orjson refuses lone surrogates, so such a body is decoded here by the standard
    library (which accepts them) to name the field."""
    has_nul = b"\\u0000" in body
    if not has_nul and not _SURROGATE_ESCAPE.search(body):
        return None
    if decoded is None:
        try:
            decoded = json.loads(body)
        except (ValueError, RecursionError):
            return None  # not JSON at all: the route answers that
    return find_unstorable(decoded)


def _printable(path: str) -> str:
    return path.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
