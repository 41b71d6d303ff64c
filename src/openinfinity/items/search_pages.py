"""Keyset pages of a `q` search with text values first.

Matches fall in two tiers: items whose text-like values contain every word (tier 0), then items
matching only through other values (tier 1). Within a tier the list's own sort applies. A cursor
carries its tier, so following `after` (or `before`) walks tier 0 then tier 1 and visits every
match exactly once, with the same keyset guarantees as any other list.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import replace
from typing import Literal

from sqlalchemy import Select, false
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.errors import ValidationFailed
from openinfinity.core.pagination import Page, PageParams, encode_cursor, paginate
from openinfinity.items import search
from openinfinity.items.models import Item

_PREFIX = "q"


def _encode(tier: int, inner: str) -> str:
    return base64.b64encode(f"{_PREFIX}{tier}:{inner}".encode()).decode()


def _decode(cursor: str, field: str) -> tuple[int, str]:
    try:
        raw = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raw = ""
    if len(raw) < 4 or raw[0] != _PREFIX or raw[1] not in "01" or raw[2] != ":":
        raise ValidationFailed.field(field, "is not a valid cursor.")
    return int(raw[1]), raw[3:]


async def _page(session: AsyncSession, stmt: Select[Item], params: PageParams) -> Page[Item]:
    return await paginate(session, stmt, params, id_column=Item.id, created_column=Item.created_at)


async def search_page(session: AsyncSession, stmt: Select[Item], params: PageParams, q: str) -> Page[Item]:
    conditions = [await search.tier_condition(session, q, 0), await search.tier_condition(session, q, 1)]
    if conditions[0] is None and conditions[1] is None:
        return Page([], False, "", "")
    # An empty tier selects nothing (false()), so walking it costs one probe of the index.
    tiers = [stmt.where(c if c is not None else false()) for c in conditions]
    limit = params.limit
    if params.before is not None and params.after is None:
        tier, inner = _decode(params.before, "before")
        first = await _page(session, tiers[tier], replace(params, before=inner, after=None))
        parts = [(tier, first)]
        has_more = first.has_more
        need = limit - len(first.rows)
        if tier == 1 and not first.has_more and need > 0:
            # The end of tier 0 precedes the start of tier 1: read it backwards.
            flipped: Literal["asc", "desc"] = "asc" if params.sort_direction == "desc" else "desc"
            tail = await _page(
                session,
                tiers[0],
                replace(params, limit=need, sort_direction=flipped, before=None, after=None),
            )
            tail.rows.reverse()
            tail.before, tail.after = tail.after, tail.before
            parts.insert(0, (0, tail))
            has_more = tail.has_more
    else:
        tier, inner = _decode(params.after, "after") if params.after else (0, "")
        first = await _page(session, tiers[tier], replace(params, after=inner or None, before=None))
        parts = [(tier, first)]
        has_more = first.has_more
        need = limit - len(first.rows)
        if tier == 0 and not first.has_more:
            # Tier 1 follows; ask for one row more than needed to know whether more remain.
            rest = await _page(session, tiers[1], replace(params, limit=need + 1, before=None, after=None))
            taken = rest.rows[:need]
            has_more = len(rest.rows) > need or rest.has_more
            if taken:
                parts.append((1, Page(taken, False, rest.before, _cursor_of(taken[-1], params))))
    rows = [row for _, part in parts for row in part.rows]
    if not rows:
        return Page([], False, "", "")
    filled = [(t, p) for t, p in parts if p.rows]
    before = _encode(filled[0][0], filled[0][1].before)
    after = _encode(filled[-1][0], filled[-1][1].after)
    return Page(rows, has_more, before, after)


def _cursor_of(row: Item, params: PageParams) -> str:
    """The cursor paginate() gives `row` under `params` (id first, as the hosted API's)."""
    values = (row.id, row.created_at) if params.sort_by == "created_at" else (row.id,)
    return encode_cursor(values)
