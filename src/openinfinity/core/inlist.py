"""`column IN (values)` with every value in one bound parameter, for lists whose length follows the
data (search matches, an outbox batch, a page of items).

A plain `column.in_(values)` (or an expanding bindparam) renders one placeholder per value, so each
distinct length is another SQL text, and drivers prepare and keep statements per connection by
their text (sqlite3 caches 128, asyncpg 100; PostgreSQL keeps each one's plan too). Every pooled
connection then filled up with near-duplicates, hundreds of KiB each for long lists: a long-running
server's memory grew for as long as it ran. One parameter is one statement whatever the length,
and the plan is the same (an index look-up per value): a JSON array read with json_each on SQLite,
an array with `= ANY` on PostgreSQL (which is what PostgreSQL turns an IN list into anyway).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class IdList(TypeDecorator[Collection[Any]]):
    """A collection of ids bound as one value: an array on PostgreSQL, a JSON array elsewhere."""

    impl = String
    cache_ok = True

    def __init__(self, item_type: TypeEngine[Any]) -> None:
        super().__init__()
        self.item_type = item_type

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(self.item_type))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Collection[Any] | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return list(value) if dialect.name == "postgresql" else json.dumps(list(value))


def _in(dialect: str, column: Any, param: BindParameter[Any]) -> ColumnElement[bool]:
    if dialect == "postgresql":
        return column == any_(param)
    each = func.json_each(param).table_valued("value")
    return column.in_(select(each.c.value))


def in_values(dialect: str, column: Any, values: Collection[str | int]) -> ColumnElement[bool]:
    """`column IN values` for ids (strings or integers); `dialect` is the engine's dialect name.
    An empty collection matches nothing, as `in_([])` does."""
    return _in(dialect, column, bindparam(None, list(values), type_=IdList(column.type)))


def in_param(dialect: str, column: Any, name: str) -> ColumnElement[bool]:
    """`column IN :name` for a statement built once: pass the ids as a list under `name` when
    executing it."""
    return _in(dialect, column, bindparam(name, type_=IdList(column.type)))
