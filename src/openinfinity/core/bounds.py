"""Integer bounds shared by every layer: the database stores ids and numbers as signed 64-bit
integers, so a larger number must be refused at the edge (a 422) instead of overflowing in the
driver (asyncpg raises on > 2**63-1, SQLite silently turns it into a float or text)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# A signed 64-bit integer, e.g. a numeric value.
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
# A database id (users, workspaces, tokens ...): positive and 64-bit.
DbId = Annotated[int, Field(ge=1, le=INT64_MAX)]


def fits_int64(value: int) -> bool:
    return INT64_MIN <= value <= INT64_MAX


def is_decimal(raw: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" or "١", which int() then refuses."""
    return raw.isascii() and raw.isdigit()


def parse_db_id(raw: str) -> int | None:
    """A path or body id given as text: a positive 64-bit integer, or None when it is not one."""
    raw = raw.strip()
    if not is_decimal(raw) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 1 <= value <= INT64_MAX else None
