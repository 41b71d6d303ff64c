"""Integer bounds shared by every layer, so a number too large for its column is refused at the
edge (a 404 or 422) instead of overflowing in the driver: asyncpg raises on a value beyond the
column's type (a 500), SQLite turns anything beyond 2**63-1 into a float or text.

Numbers (values, sort orders) are signed 64-bit. Integer ids (users, workspaces, tokens,
attachments, OAuth clients ...) are `INTEGER` columns, 32-bit on PostgreSQL: an id beyond 2**31-1
cannot exist, so it is "not found" on both databases alike, never a query."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
# Integer ids and keys are INTEGER columns: 32-bit on PostgreSQL.
INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
ID_MAX = INT32_MAX

# A signed 64-bit integer, e.g. a numeric value.
Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
# A database id (users, workspaces, tokens ...): positive and within the id columns' range.
DbId = Annotated[int, Field(ge=1, le=ID_MAX)]


def fits_int64(value: int) -> bool:
    return INT64_MIN <= value <= INT64_MAX


def fits_int32(value: int) -> bool:
    """Fits an INTEGER column on every database (ids, keys, and what a cursor compares to them)."""
    return INT32_MIN <= value <= INT32_MAX


def is_decimal(raw: str) -> bool:
    """ASCII digits only: str.isdigit() also accepts "²" or "١", which int() then refuses."""
    return raw.isascii() and raw.isdigit()


def is_db_id(value: int) -> bool:
    return 1 <= value <= ID_MAX


def parse_db_id(raw: object) -> int | None:
    """An id given as an integer or as decimal text (path, query or body): the id, or None when
    it cannot be one (not a number, not positive, beyond the id columns' range)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if is_db_id(raw) else None
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not is_decimal(text) or len(text) > 19:
        return None
    value = int(text)
    return value if is_db_id(value) else None
