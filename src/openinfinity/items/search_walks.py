"""One page of one search tier, read in search-key order (search_pages.py pages the tiers).

SQLite: FTS5 hands its hits over in rowid (= key) order, so one query reads one page.

PostgreSQL: the GIN index has no order; the (board_id, id) index has, so a page can be found by
walking the board's documents in key order and testing each against the query. That is cheap for
a word common among them and ruinous for a rare one (a walk of the whole board), and the planner,
left to choose, cannot tell the two apart (its frequency estimates for prefix queries are coarse:
it walked a million documents for a word in five of them). So, in turn:
1. a window of the next WINDOW documents: a word in more than about 1% of them fills its page
   there (or the window reaches the board's end: then every hit was seen);
2. else the word's hits are counted from the GIN index, up to PROBE: none, and the page is
   empty; a rarer word's hits are read and sorted outright (4.);
3. a common word absent from the window (missing from the newest items, say) is looked for in a
   window of WIDE documents;
4. else every hit, from the GIN index, sorted: exact, at about 5 microseconds a hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, literal_column, select, text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.items import search
from openinfinity.items.rows import ITEM_WIDTH, ITEMS, ItemRow, item_of

WINDOW = 2000
PROBE = 500
WIDE = 50_000
_DOCUMENT = literal_column("document", TSVECTOR)  # PostgreSQL's generated column
# The count of step 2 may use bitmap scans only, i.e. the GIN index: set for the transaction,
# then put back to the server's settings (the app never changes them for a session).
_BITMAP_ONLY = text(
    "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
)
_PLANNER_DEFAULTS = text(
    "SELECT set_config(name, reset_val, true) FROM pg_settings"
    " WHERE name IN ('enable_seqscan', 'enable_indexscan')"
)


@dataclass(frozen=True, slots=True)
class Walk:
    """One read of a tier: its engine query, from the cursor's key (if any), in one direction,
    for so many rows (a page and one more)."""

    query: str
    bound: int | None
    newest_first: bool
    rows: int


Hits = list[tuple[ItemRow, int]]


def _hit(row: Any) -> tuple[ItemRow, int]:
    """(item, search key) of a row selecting the item's columns, then the key (then more)."""
    return item_of(row), row[ITEM_WIDTH]


async def _rows(session: AsyncSession, stmt: Select[Any], key: Any, walk: Walk) -> list[Any]:
    """The first `walk.rows` rows (item, key, ...) in key order."""
    order = key.desc() if walk.newest_first else key.asc()
    return list(await session.execute(stmt.order_by(order).limit(walk.rows)))


async def sqlite_page(session: AsyncSession, stmt: Select[Any], walk: Walk) -> Hits:
    docs, rowid = search.ItemSearchDoc, search.FTS.c.rowid
    match = text("item_search_fts MATCH :search_q").bindparams(search_q=walk.query)
    hits = stmt.join(docs, docs.item_id == ITEMS.c.id).join(search.FTS, rowid == docs.id).where(match)
    if walk.bound is not None:
        hits = hits.where(rowid < walk.bound if walk.newest_first else rowid > walk.bound)
    return [_hit(row) for row in await _rows(session, hits.add_columns(rowid), rowid, walk)]


class PostgresWalker:
    """Steps 1-4 of the module's docstring for the tiers of one search."""

    def __init__(self, session: AsyncSession, stmt: Select[Any], board_id: str) -> None:
        self.session, self.stmt, self.board_id = session, stmt, board_id
        # Set once a window from the board's start held all of it: so would any later window,
        # and the GIN index serves the rest of the search directly.
        self.board_in_window = False

    async def page(self, walk: Walk) -> Hits:
        if not self.board_in_window:
            rows = await _rows(self.session, *self._window(walk, WINDOW, counted=True), walk)
            window_was_all = bool(rows) and rows[0][ITEM_WIDTH + 1] < WINDOW
            if len(rows) == walk.rows or window_was_all:
                self.board_in_window = window_was_all and walk.bound is None
                return [_hit(row) for row in rows]
            hits = await self._count_hits(walk, PROBE)
            if hits == 0:
                return []
            if hits == PROBE:
                rows = await _rows(self.session, *self._window(walk, WIDE, counted=False), walk)
                if len(rows) == walk.rows:
                    return [_hit(row) for row in rows]
        return [_hit(row) for row in await _rows(self.session, *self._every_hit(walk), walk)]

    def _documents(self, walk: Walk) -> Select[int, str, Any]:
        docs = search.ItemSearchDoc
        stmt = select(docs.id.label("key"), docs.item_id, _DOCUMENT).where(docs.board_id == self.board_id)
        if walk.bound is not None:
            stmt = stmt.where(docs.id < walk.bound if walk.newest_first else docs.id > walk.bound)
        return stmt

    def _window(self, walk: Walk, size: int, *, counted: bool) -> tuple[Select[Any], Any]:
        """The hits among the next `size` documents of the board (the (board_id, id) index, in
        order); `counted`: each row also carries the window's length (read whole for it)."""
        key = search.ItemSearchDoc.id
        nearest = self._documents(walk).order_by(key.desc() if walk.newest_first else key.asc())
        window = nearest.limit(size).subquery("nearest")
        if counted:
            seen = func.count().over().label("seen")
            window = select(window.c.key, window.c.item_id, window.c.document, seen).subquery("window")
        query = func.to_tsquery("simple", walk.query)
        stmt = self.stmt.join(window, window.c.item_id == ITEMS.c.id).where(window.c.document.op("@@")(query))
        columns = (window.c.key, window.c.seen) if counted else (window.c.key,)
        return stmt.add_columns(*columns), window.c.key

    async def _count_hits(self, walk: Walk, cap: int) -> int:
        """The query's hits past the cursor, counted from the GIN index up to `cap`."""
        matching = self._documents(walk).where(_DOCUMENT.op("@@")(func.to_tsquery("simple", walk.query)))
        count = select(func.count()).select_from(matching.limit(cap).subquery("probe"))
        await self.session.execute(_BITMAP_ONLY)
        hits = await self.session.scalar(count) or 0
        # Not in a `finally`: after an error the transaction is over, and the settings with it.
        await self.session.execute(_PLANNER_DEFAULTS)
        return hits

    def _every_hit(self, walk: Walk) -> tuple[Select[Any], Any]:
        """Every hit, from the GIN index (OFFSET 0: planned on its own, the order left aside)."""
        query = func.to_tsquery("simple", walk.query)
        hits = self._documents(walk).where(_DOCUMENT.op("@@")(query)).offset(0).subquery("hits")
        stmt = self.stmt.join(hits, hits.c.item_id == ITEMS.c.id)
        return stmt.add_columns(hits.c.key), hits.c.key
