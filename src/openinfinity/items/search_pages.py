"""Keyset pages of a `q` search with text values first.

Matches fall in two tiers: items whose text-like values contain every word (tier 0), then items
matching only through other values (tier 1). Within a tier the list's own sort applies. A cursor
carries its tier, so following `after` (or `before`) walks tier 0 then tier 1 and visits every
match exactly once, with the same keyset guarantees as any other list.

Two ways to page a tier:
- streamed (the default `created_at` sort): document ids are search keys ordered like the list
  (search.search_key), so the query walks the tier's hits in key order from the cursor and stops
  after one page (SQLite: FTS5's rowid order; PostgreSQL: the (board_id, id) index, see _WINDOW):
  a page costs the same on a board of a thousand items as of a million. Cursors carry the key.
- keyset (`sort_by=id`): the tier's matches become a condition on the item list, paged like any
  list; a page of a common word reads all its matches.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, replace
from typing import Any, Literal, Protocol

from sqlalchemy import Select, false, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
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


class _Tiers(Protocol):
    async def page(self, tier: int, params: PageParams) -> Page[Item]: ...

    def cursor_of(self, row: Item, params: PageParams) -> str: ...


class _KeysetTiers:
    """Each tier a condition on the item list, paged by the list's keyset."""

    def __init__(self, session: AsyncSession, tiers: list[Select[Item]]) -> None:
        self.session, self.tiers = session, tiers

    async def page(self, tier: int, params: PageParams) -> Page[Item]:
        return await paginate(
            self.session, self.tiers[tier], params, id_column=Item.id, created_column=Item.created_at
        )

    def cursor_of(self, row: Item, params: PageParams) -> str:
        """The cursor paginate() gives `row` under `params` (id first, as the hosted API's)."""
        values = (row.id, row.created_at) if params.sort_by == "created_at" else (row.id,)
        return encode_cursor(values)


# PostgreSQL first walks a window of this many of the board's documents in key order from the
# cursor: a word in more than about 1% of them fills a page there. Only when it does not, and the
# window did not reach the board's end, are the tier's hits taken from the GIN index and sorted.
# Left to choose, the planner misjudges rare prefix words and walks the whole board in key order
# looking for them (seconds at 1M items).
_WINDOW = 2000
_DOCUMENT = literal_column("document", TSVECTOR)  # PostgreSQL's generated column


@dataclass(frozen=True, slots=True)
class _Walk:
    """One read of a tier: from the cursor's key (if any), in one direction, so many rows."""

    tier: int
    bound: int | None
    newest_first: bool
    rows: int


class _StreamedTiers:
    """Each tier the board's documents matching its query, walked in search-key order."""

    def __init__(self, session: AsyncSession, stmt: Select[Item], board_id: str, queries: list[str]) -> None:
        self.session, self.stmt, self.board_id, self.queries = session, stmt, board_id, queries
        self.keys: dict[str, int] = {}
        # PostgreSQL: a board smaller than the window is read from the GIN index once known.
        self.board_in_window = False

    async def page(self, tier: int, params: PageParams) -> Page[Item]:
        backwards = params.before is not None and params.after is None
        newest_first = (params.sort_direction == "desc") != backwards
        cursor = params.after or params.before
        bound = _key_of(cursor, "after" if params.after else "before") if cursor else None
        walk = _Walk(tier, bound, newest_first, params.limit + 1)
        if search.dialect_of(self.session) == "postgresql":
            found = await self._postgres_page(walk)
        else:
            found = [(item, key) for item, key in await self._rows(*self._sqlite(walk), walk)]
        has_more = len(found) > params.limit
        found = found[: params.limit]
        if backwards:
            found.reverse()
        if not found:
            return Page([], False, "", "")
        self.keys.update((item.id, key) for item, key in found)
        return Page([item for item, _ in found], has_more, f"k{found[0][1]}", f"k{found[-1][1]}")

    async def _postgres_page(self, walk: _Walk) -> list[tuple[Item, int]]:
        if not self.board_in_window:
            rows = await self._rows(*self._postgres_window(walk), walk)
            window_was_all = bool(rows) and rows[0][2] < _WINDOW
            if len(rows) == walk.rows or window_was_all:
                # A window from the board's start that held all of it: so would any other.
                self.board_in_window = window_was_all and walk.bound is None
                return [(item, key) for item, key, _ in rows]
        return [(item, key) for item, key in await self._rows(*self._postgres_all(walk), walk)]

    async def _rows(self, stmt: Select[Any], key: Any, walk: _Walk) -> list[Any]:
        """The first `walk.rows` rows (item, key, ...) in key order."""
        order = key.desc() if walk.newest_first else key.asc()
        return list(await self.session.execute(stmt.order_by(order).limit(walk.rows)))

    def _sqlite(self, walk: _Walk) -> tuple[Select[Any], Any]:
        """FTS5 hands its hits over in rowid (= key) order: the query stops after one page."""
        docs, rowid = search.ItemSearchDoc, search.FTS.c.rowid
        match = text("item_search_fts MATCH :search_q").bindparams(search_q=self.queries[walk.tier])
        stmt = self.stmt.join(docs, docs.item_id == Item.id).join(search.FTS, rowid == docs.id).where(match)
        if walk.bound is not None:
            stmt = stmt.where(rowid < walk.bound if walk.newest_first else rowid > walk.bound)
        return stmt.add_columns(rowid), rowid

    def _postgres_docs(self, walk: _Walk) -> Select[int, str, Any]:
        docs = search.ItemSearchDoc
        stmt = select(docs.id.label("key"), docs.item_id, _DOCUMENT).where(docs.board_id == self.board_id)
        if walk.bound is not None:
            stmt = stmt.where(docs.id < walk.bound if walk.newest_first else docs.id > walk.bound)
        return stmt

    def _postgres_window(self, walk: _Walk) -> tuple[Select[Any], Any]:
        """The hits among the next _WINDOW documents of the board (the (board_id, id) index, in
        order), each with the window's length."""
        key = search.ItemSearchDoc.id
        nearest = self._postgres_docs(walk).order_by(key.desc() if walk.newest_first else key.asc())
        inner = nearest.limit(_WINDOW).subquery("nearest")
        seen = func.count().over().label("seen")
        window = select(inner.c.key, inner.c.item_id, inner.c.document, seen).subquery("window")
        query = func.to_tsquery("simple", self.queries[walk.tier])
        stmt = self.stmt.join(window, window.c.item_id == Item.id).where(window.c.document.op("@@")(query))
        return stmt.add_columns(window.c.key, window.c.seen), window.c.key

    def _postgres_all(self, walk: _Walk) -> tuple[Select[Any], Any]:
        """Every hit, from the GIN index (OFFSET 0: planned on its own, the order left aside)."""
        query = func.to_tsquery("simple", self.queries[walk.tier])
        hits = self._postgres_docs(walk).where(_DOCUMENT.op("@@")(query)).offset(0).subquery("hits")
        stmt = self.stmt.join(hits, hits.c.item_id == Item.id)
        return stmt.add_columns(hits.c.key), hits.c.key

    def cursor_of(self, row: Item, params: PageParams) -> str:
        return f"k{self.keys[row.id]}"


def _key_of(inner: str, field: str) -> int:
    try:
        if inner[:1] == "k":
            return int(inner[1:])
    except ValueError:
        pass
    raise ValidationFailed.field(field, "is not a valid cursor.")


async def _tiers(
    session: AsyncSession, stmt: Select[Item], board_id: str, params: PageParams, q: str
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
    session: AsyncSession, stmt: Select[Item], board_id: str, params: PageParams, q: str
) -> Page[Item]:
    """One page of the board's items in `stmt` that match `q`."""
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
