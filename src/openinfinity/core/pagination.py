"""Keyset pagination for every list: `limit`, `sort_by`, `sort_direction`, `before`/`after`.

Lists sort by `created_at` (default) or `id`; a list with a manual order (items) may also take
`sort_by=sort_order` (`ordered_page_params`), keyed on (sort_order, id).

Cursors look like the hosted API's (base64 of "id" or "id,created_at") and are opaque to clients.
No OFFSET: a page costs the same at row one million as at row one, and following `after` visits
every row exactly once even while rows are inserted meanwhile.

`return=total` (the hosted platform's convention) answers `{"total": N}` instead of the page: one
COUNT of the list with its filters, cursors and limit ignored, run only when asked.
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar, overload

from fastapi import Depends, Query
from sqlalchemy import ColumnElement, Row, Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from openinfinity.core.bounds import fits_int32
from openinfinity.core.errors import ValidationFailed

DEFAULT_LIMIT = 20
_CURSOR_TIME = "%Y-%m-%d %H:%M:%S.%f"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int = DEFAULT_LIMIT
    sort_by: Literal["id", "created_at", "sort_order"] = "created_at"
    sort_direction: Literal["asc", "desc"] = "desc"
    after: str | None = None
    before: str | None = None
    # return=total: count the list instead of reading a page.
    total: bool = False


ReturnTotal = Annotated[
    Literal["total"] | None,
    Query(
        alias="return",
        description='`total` answers `{"total": N}`, the number of elements of the list (with its '
        "filters; `limit` and cursors are ignored), instead of the page.",
    ),
]


async def page_params(
    limit: Annotated[int, Query(ge=1, le=100)] = DEFAULT_LIMIT,
    sort_by: Annotated[Literal["id", "created_at"], Query()] = "created_at",
    sort_direction: Annotated[Literal["asc", "desc"], Query()] = "desc",
    after: Annotated[str | None, Query(max_length=512)] = None,
    before: Annotated[str | None, Query(max_length=512)] = None,
    return_: ReturnTotal = None,
) -> PageParams:
    return PageParams(limit, sort_by, sort_direction, after or None, before or None, return_ == "total")


Pagination = Annotated[PageParams, Depends(page_params)]


async def ordered_page_params(
    limit: Annotated[int, Query(ge=1, le=100)] = DEFAULT_LIMIT,
    sort_by: Annotated[
        Literal["id", "created_at", "sort_order"],
        Query(description="`sort_order` is the manual order (the order people drag rows into)."),
    ] = "created_at",
    sort_direction: Annotated[Literal["asc", "desc"], Query()] = "desc",
    after: Annotated[str | None, Query(max_length=512)] = None,
    before: Annotated[str | None, Query(max_length=512)] = None,
    return_: ReturnTotal = None,
) -> PageParams:
    return PageParams(limit, sort_by, sort_direction, after or None, before or None, return_ == "total")


# The pagination of a list that also has a manual order (`sort_by=sort_order`).
OrderedPagination = Annotated[PageParams, Depends(ordered_page_params)]


@dataclass(slots=True)
class Page(Generic[T]):
    rows: list[T]
    has_more: bool
    before: str
    after: str
    # Set (and rows empty) when the list was asked for its total (return=total).
    total: int | None = None

    @classmethod
    def counted(cls, total: int) -> Page[T]:
        return cls([], False, "", "", total)

    def envelope(self, data: list[Any]) -> dict[str, Any]:
        if self.total is not None:
            return {"total": self.total}
        return {"has_more": self.has_more, "before": self.before, "after": self.after, "data": data}


async def count_rows(session: AsyncSession, stmt: Select[Any]) -> int:
    """The number of rows `stmt` selects (its order and limit dropped)."""
    counted = select(func.count()).select_from(stmt.order_by(None).limit(None).subquery())
    return int(await session.scalar(counted) or 0)


def encode_cursor(values: tuple[Any, ...]) -> str:
    parts = [v.strftime(_CURSOR_TIME) if isinstance(v, datetime) else str(v) for v in values]
    return base64.b64encode(",".join(parts).encode()).decode()


def _decode_cursor(cursor: str, field: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    try:
        raw = base64.b64decode(cursor.encode(), validate=True).decode()
        parts = raw.split(",")
        if len(parts) != len(types):
            raise ValueError("wrong arity")
        values: list[Any] = []
        for part, kind in zip(parts, types, strict=True):
            if kind is datetime:
                fmt = _CURSOR_TIME if "." in part else "%Y-%m-%d %H:%M:%S"
                values.append(datetime.strptime(part, fmt))
            elif kind is int:
                # Every paginated integer key is an INTEGER column (32-bit on PostgreSQL).
                number = int(part)
                if not fits_int32(number):
                    raise ValueError("beyond the key's range")
                values.append(number)
            elif kind is float:
                real = float(part)
                if not math.isfinite(real):
                    raise ValueError("not a finite number")
                values.append(real)
            else:
                values.append(part)
        return tuple(values)
    except (ValueError, UnicodeDecodeError, binascii.Error) as exc:
        raise ValidationFailed.field(field, "is not a valid cursor.") from exc


@overload
async def paginate(
    session: AsyncSession,
    stmt: Select[T],
    params: PageParams,
    *,
    id_column: ColumnElement[Any] | InstrumentedAttribute[Any],
    created_column: ColumnElement[Any] | InstrumentedAttribute[Any] | None = None,
    sort_column: ColumnElement[Any] | InstrumentedAttribute[Any] | None = None,
    make: None = None,
) -> Page[T]: ...


@overload
async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    *,
    id_column: ColumnElement[Any] | InstrumentedAttribute[Any],
    created_column: ColumnElement[Any] | InstrumentedAttribute[Any] | None = None,
    sort_column: ColumnElement[Any] | InstrumentedAttribute[Any] | None = None,
    make: Callable[[Row[Any]], T],
) -> Page[T]: ...


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    params: PageParams,
    *,
    id_column: ColumnElement[Any] | InstrumentedAttribute[Any],
    created_column: ColumnElement[Any] | InstrumentedAttribute[Any] | None = None,
    sort_column: ColumnElement[Any] | InstrumentedAttribute[Any] | None = None,
    make: Callable[[Row[Any]], T] | None = None,
) -> Page[T]:
    """Run `stmt` as one keyset page (or count it: return=total). `stmt` selects one ORM entity,
    or, with `make`, columns (a Core select: `make` turns each row into the page's element)."""
    if params.total:
        return Page.counted(await count_rows(session, stmt))
    columns: list[Any] = [id_column]
    if params.sort_by == "created_at" and created_column is not None:
        columns = [created_column, id_column]
    elif params.sort_by == "sort_order" and sort_column is not None:
        columns = [sort_column, id_column]
    types = tuple(datetime if c is created_column else c.type.python_type for c in columns)
    descending = params.sort_direction == "desc"
    backwards = params.before is not None and params.after is None
    cursor = params.after or params.before
    if cursor:
        field = "after" if params.after else "before"
        # The cursor stores id first, as the hosted API's cursors do.
        decoded = _decode_cursor(cursor, field, (types[-1], *types[:-1]))
        values = (*decoded[1:], decoded[0])
        key: Any = tuple_(*columns) if len(columns) > 1 else columns[0]
        bound: Any = tuple_(*values) if len(columns) > 1 else values[0]
        condition: ColumnElement[bool] = key < bound if descending != backwards else key > bound
        stmt = stmt.where(condition)
    order = [c.desc() if descending != backwards else c.asc() for c in columns]
    stmt = stmt.order_by(*order).limit(params.limit + 1)
    if make is None:
        rows: list[T] = list((await session.scalars(stmt)).all())
    else:
        rows = [make(row) for row in await session.execute(stmt)]
    has_more = len(rows) > params.limit
    rows = rows[: params.limit]
    if backwards:
        rows.reverse()

    def cursor_of(row: T) -> str:
        values = tuple(getattr(row, c.key) for c in columns)
        return encode_cursor((values[-1], *values[:-1]))

    if not rows:
        return Page(rows, False, "", "")
    return Page(rows, has_more, cursor_of(rows[0]), cursor_of(rows[-1]))
