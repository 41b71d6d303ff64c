"""The `filter=` condition of the items list: the views' filter grammar applied to a query
parameter (a saved view applies the same grammar to its settings, views/query.py)."""

from __future__ import annotations

import orjson
from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core.errors import ValidationFailed
from openinfinity.core.storable import find_unstorable
from openinfinity.items.catalog import board_attributes
from openinfinity.items.filtering.compiler import compile_filter
from openinfinity.items.filtering.grammar import parse_filter

MAX_FILTER_CHARS = 20_000


async def items_filter(session: AsyncSession, board: BoardContext, raw: str) -> ColumnElement[bool]:
    """The SQL condition for `GET …/items?filter=<json>` (same grammar as a view's filter).

    INTEGRATION: the items list route passes its `filter` query parameter here and adds the result
    to its WHERE clause; errors name `filter.conditions.N.…` paths.
    """
    if len(raw) > MAX_FILTER_CHARS:
        raise ValidationFailed.field("filter", f"must not be greater than {MAX_FILTER_CHARS} characters.")
    try:
        parsed = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ValidationFailed.field("filter", "must be a valid JSON string.") from None
    if not isinstance(parsed, dict | list):
        raise ValidationFailed.field("filter", "must be a JSON object or array.")
    unstorable = find_unstorable(parsed, "filter")
    if unstorable is not None:
        # NUL decoded from `\u0000` in the parameter: PostgreSQL cannot compare text holding it.
        raise ValidationFailed.field(*unstorable)
    group = parse_filter(parsed, await board_attributes(session, board.id), path="filter")
    return compile_filter(group, dialect=session.get_bind().dialect.name)
