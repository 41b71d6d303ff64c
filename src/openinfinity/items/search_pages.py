"""Keyset pages of a `q` search with text values first.

Matches fall in two tiers: items whose text-like values contain every word (tier 0), then items
matching only through other values (tier 1). Within a tier the list's own sort applies. A cursor
carries its tier, so following `after` (or `before`) walks tier 0 then tier 1 and visits every
match exactly once, with the same keyset guarantees as any other list.

Two ways to page a tier:
- streamed (the default `created_at` sort): document ids are search keys ordered like the list
  (search.search_key), so the query walks the tier's hits in key order from the cursor and stops
  after one page (search_walks.py): a page costs the same on a board of a thousand items as of a
  million. Cursors carry the key.
- keyset (`sort_by=id`): the tier's matches become a condition on the item list, paged like any
  list; a page of a common word reads all its matches.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import replace
from typing import Any, Literal, Protocol

from sqlalchemy import Select, false
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.bounds import fits_int64
from openinfinity.core.errors import ValidationFailed
from openinfinity.core.pagination import Page, PageParams, count_rows, encode_cursor, paginate
from openinfinity.items import search, search_walks
from openinfinity.items.rows import ITEMS, ItemRow, item_of

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


class _Tiers(Protocol):
    async def page(self, tier: int, params: PageParams) -> Page[ItemRow]: ...

    def cursor_of(self, row: ItemRow, params: PageParams) -> str: ...


class _KeysetTiers:
    """Each tier a condition on the item list, paged by the list's keyset."""

    def __init__(self, session: AsyncSession, tiers: list[Select[Any]]) -> None:
        self.session, self.tiers = session, tiers

    async def page(self, tier: int, params: PageParams) -> Page[ItemRow]:
        return await paginate(
            self.session,
            self.tiers[tier],
            params,
            id_column=ITEMS.c.id,
            created_column=ITEMS.c.created_at,
            sort_column=ITEMS.c.sort_order,
            make=item_of,
        )

    def cursor_of(self, row: ItemRow, params: PageParams) -> str:
        """The cursor paginate() gives `row` under `params` (id first, as the hosted API's)."""
        if params.sort_by == "created_at":
            return encode_cursor((row.id, row.created_at))
        if params.sort_by == "sort_order":
            return encode_cursor((row.id, row.sort_order))
        return encode_cursor((row.id,))


class _StreamedTiers:
    """Each tier the board's documents matching its query, walked in search-key order."""

    def __init__(self, session: AsyncSession, stmt: Select[Any], board_id: str, queries: list[str]) -> None:
        self.session, self.stmt, self.queries = session, stmt, queries
        self.keys: dict[str, int] = {}
        postgres = search.dialect_of(session) == "postgresql"
        self.postgres = search_walks.PostgresWalker(session, stmt, board_id) if postgres else None

    async def page(self, tier: int, params: PageParams) -> Page[ItemRow]:
        backwards = params.before is not None and params.after is None
        cursor = params.after or params.before
        walk = search_walks.Walk(
            query=self.queries[tier],
            bound=_key_of(cursor, "after" if params.after else "before") if cursor else None,
            newest_first=(params.sort_direction == "desc") != backwards,
            rows=params.limit + 1,
        )
        if self.postgres is not None:
            found = await self.postgres.page(walk)
        else:
            found = await search_walks.sqlite_page(self.session, self.stmt, walk)
        has_more = len(found) > params.limit
        found = found[: params.limit]
        if backwards:
            found.reverse()
        if not found:
            return Page([], False, "", "")
        self.keys.update((item.id, key) for item, key in found)
        return Page([item for item, _ in found], has_more, f"k{found[0][1]}", f"k{found[-1][1]}")

    def cursor_of(self, row: ItemRow, params: PageParams) -> str:
        return f"k{self.keys[row.id]}"


def _key_of(inner: str, field: str) -> int:
    try:
        if inner[:1] == "k" and fits_int64(key := int(inner[1:])):  # search keys are 64-bit
            return key
    except ValueError:
        pass
    raise ValidationFailed.field(field, "is not a valid cursor.")


async def _tiers(
    session: AsyncSession, stmt: Select[Any], board_id: str, params: PageParams, q: str
) -> _Tiers | None:
    """How to page this search; None when nothing can match."""
    words = search.tokens(q)
    if not words:
        return None
    if params.sort_by == "created_at":
        dialect = search.dialect_of(session)
        queries = [search.fts_query(dialect, words, t) for t in (0, 1)]
        return _StreamedTiers(session, stmt, board_id, queries)
    conditions = [await search.tier_condition(session, q, 0), await search.tier_condition(session, q, 1)]
    if conditions[0] is None and conditions[1] is None:
        return None
    # An empty tier selects nothing (false()), so walking it costs one probe of the index.
    return _KeysetTiers(session, [stmt.where(c if c is not None else false()) for c in conditions])


async def search_page(
    session: AsyncSession, stmt: Select[Any], board_id: str, params: PageParams, q: str
) -> Page[ItemRow]:
    """One page of the board's items in `stmt` that match `q` (or their number: return=total)."""
    if params.total:
        matching = await search.tier_condition(session, q)
        return Page.counted(0 if matching is None else await count_rows(session, stmt.where(matching)))
    tiers = await _tiers(session, stmt, board_id, params, q)
    if tiers is None:
        return Page([], False, "", "")
    limit = params.limit
    if params.before is not None and params.after is None:
        tier, inner = _decode(params.before, "before")
        first = await tiers.page(tier, replace(params, before=inner, after=None))
        parts = [(tier, first)]
        has_more = first.has_more
        need = limit - len(first.rows)
        if tier == 1 and not first.has_more and need > 0:
            # The end of tier 0 precedes the start of tier 1: read it backwards.
            flipped: Literal["asc", "desc"] = "asc" if params.sort_direction == "desc" else "desc"
            tail = await tiers.page(
                0, replace(params, limit=need, sort_direction=flipped, before=None, after=None)
            )
            tail.rows.reverse()
            tail.before, tail.after = tail.after, tail.before
            parts.insert(0, (0, tail))
            has_more = tail.has_more
    else:
        tier, inner = _decode(params.after, "after") if params.after else (0, "")
        first = await tiers.page(tier, replace(params, after=inner or None, before=None))
        parts = [(tier, first)]
        has_more = first.has_more
        need = limit - len(first.rows)
        if tier == 0 and not first.has_more:
            # Tier 1 follows; ask for one row more than needed to know whether more remain.
            rest = await tiers.page(1, replace(params, limit=need + 1, before=None, after=None))
            taken = rest.rows[:need]
            has_more = len(rest.rows) > need or rest.has_more
            if taken:
                parts.append((1, Page(taken, False, rest.before, tiers.cursor_of(taken[-1], params))))
    rows = [row for _, part in parts for row in part.rows]
    if not rows:
        return Page([], False, "", "")
    filled = [(t, p) for t, p in parts if p.rows]
    before = _encode(filled[0][0], filled[0][1].before)
    after = _encode(filled[-1][0], filled[-1][1].after)
    return Page(rows, has_more, before, after)
