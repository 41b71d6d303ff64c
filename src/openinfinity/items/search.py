"""Full-text search over items: the per-item search document and the `q` filter.

Each live item has one row in `item_search_docs` (migration 0003): the search text of its
text-like values (`primary_text`, ranked first) and of every other value (`other_text`). It is
rewritten in the same transaction as the values, so the index never lags the data. SQLite indexes
the rows with FTS5 (triggers), PostgreSQL with a generated tsvector column and a GIN index. On
both, a document's id is its item's search key (search_key; migrations 0008 and 0009), so a page of
hits can be read in the list's order (items/search_pages.py).

User input never reaches the engines' query syntax: `q` is cut into word tokens, each quoted
(FTS5) or reduced to a bare lexeme (tsquery), and all of them must match (prefix match, so typing
"barc" finds "Barcelona").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    column,
    delete,
    func,
    literal,
    select,
    table,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.inlist import in_values
from openinfinity.core.models import Base
from openinfinity.core.softdelete import live
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry

# Tokens: runs of letters/digits (any script); everything else separates them.
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MAX_TOKENS = 16


class ItemSearchDoc(Base):
    __tablename__ = "item_search_docs"

    # The item's search key; INTEGER on SQLite, where only that type makes it the rowid FTS5 uses.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    item_id: Mapped[str] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    board_id: Mapped[str] = mapped_column(String(11))
    primary_text: Mapped[str] = mapped_column(Text, default="")
    other_text: Mapped[str] = mapped_column(Text, default="")


# The FTS5 index as a table, for joins that let SQLite walk it in rowid order (SQLite only).
FTS = table("item_search_fts", column("rowid", BigInteger))

# Document ids are search keys (see search_key): microseconds since this instant...
SEARCH_EPOCH = datetime(2020, 1, 1)
_TIE_BITS = 12  # ...shifted left to make room for the first 12 bits of the item id.
_MAX_MICROS = (1 << (63 - _TIE_BITS)) - 1  # about +/-71 years around the epoch


def search_key(created_at: datetime, item_id: str) -> int:
    """The document id of an item: ordered like (created_at, id), the list's default order, so
    a search reads its page of hits in list order (FTS5 walks its hits in rowid order; PostgreSQL
    walks an index on (board_id, id)) and stops after one page instead of reading and sorting
    every hit of a common word. Ties (same microsecond) order by the id's first 12 bits; a key
    already taken is bumped by one."""
    delta = created_at.replace(tzinfo=None) - SEARCH_EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    micros = max(-_MAX_MICROS, min(_MAX_MICROS, micros))
    head = item_id.encode()[:2].ljust(2, b"\0")
    return (micros << _TIE_BITS) | (head[0] << 4) | (head[1] >> 4)


def dialect_of(session: AsyncSession) -> str:
    bind = session.get_bind()
    return str(bind.dialect.name)


def tokens(q: str) -> list[str]:
    """The words of a query, lower-cased, without any syntax (quotes, *, NEAR, parentheses)."""
    words = [w.lower().replace("_", " ").strip() for w in _TOKEN.findall(q)]
    split = [part for w in words for part in w.split() if part]
    return split[:_MAX_TOKENS]


def split_texts(parts: Iterable[tuple[str, str | None]]) -> tuple[str, str]:
    """(kind, search text) pairs -> (primary_text, other_text): the text value types'
    (`search_primary`) rank first ("giving priority to text value types")."""
    primary: list[str] = []
    other: list[str] = []
    for kind, value in parts:
        if value:
            (primary if _ranks_first(kind) else other).append(value)
    return "\n".join(primary), "\n".join(other)


def _ranks_first(kind: str) -> bool:
    attribute_type = registry.get(kind)
    return attribute_type is not None and attribute_type.search_primary


def primary_kinds() -> list[str]:
    """The types whose search text is the document's primary_text."""
    return [t.kind for t in registry.types() if t.search_primary]


async def write_doc(
    session: AsyncSession,
    *,
    item_id: str,
    board_id: str,
    created_at: datetime,
    parts: Iterable[tuple[str, str | None]],
) -> None:
    """Insert or replace the search document of one item."""
    primary, other = split_texts(parts)
    values = {"item_id": item_id, "board_id": board_id, "primary_text": primary, "other_text": other}
    upsert = _POSTGRES_UPSERT if dialect_of(session) == "postgresql" else _SQLITE_UPSERT
    # A new document takes the item's search key (the first free one from it); an existing one
    # keeps its key and gets the new text.
    key = search_key(created_at, item_id)
    while True:
        if (await session.execute(upsert, {"id": key, **values})).first() is not None:
            return
        key += 1


_SQLITE_UPSERT = text(
    "INSERT INTO item_search_docs (id, item_id, board_id, primary_text, other_text)"
    " VALUES (:id, :item_id, :board_id, :primary_text, :other_text)"
    " ON CONFLICT (item_id) DO UPDATE SET board_id = excluded.board_id,"
    " primary_text = excluded.primary_text, other_text = excluded.other_text"
    " ON CONFLICT (id) DO NOTHING RETURNING id"
)
# PostgreSQL takes one ON CONFLICT clause: update the item's document if it has one, else insert
# at the key unless that key is taken (then no row comes back and the caller tries the next key).
_POSTGRES_UPSERT = text(
    "WITH updated AS (UPDATE item_search_docs SET board_id = :board_id,"
    " primary_text = :primary_text, other_text = :other_text WHERE item_id = :item_id RETURNING id),"
    " inserted AS (INSERT INTO item_search_docs (id, item_id, board_id, primary_text, other_text)"
    " SELECT :id, :item_id, :board_id, :primary_text, :other_text"
    " WHERE NOT EXISTS (SELECT 1 FROM updated) ON CONFLICT (id) DO NOTHING RETURNING id)"
    " SELECT id FROM updated UNION ALL SELECT id FROM inserted"
)


class NewDoc(NamedTuple):
    """The search document of a new item: (kind, search text) pairs of its values."""

    item_id: str
    board_id: str
    created_at: datetime
    parts: Iterable[tuple[str, str | None]]


_DOCS = Table("item_search_docs", Base.metadata)
_INSERT_NEW = {
    "sqlite": sqlite_insert(_DOCS).on_conflict_do_nothing(),
    "postgresql": postgresql_insert(_DOCS).on_conflict_do_nothing(),
}


async def write_new_docs(session: AsyncSession, docs: list[NewDoc]) -> None:
    """Insert the documents of new items (flushed, no document yet) in one statement, each at
    its item's search key; one whose key is taken (an item of the same microsecond and id head)
    is then written by `write_doc`, which bumps the key."""
    if not docs:
        return
    rows = []
    keys: set[int] = set()
    for doc in docs:
        key = search_key(doc.created_at, doc.item_id)
        while key in keys:  # two new items of this call share a key: the later one moves on
            key += 1
        keys.add(key)
        primary, other = split_texts(doc.parts)
        rows.append(
            {
                "id": key,
                "item_id": doc.item_id,
                "board_id": doc.board_id,
                "primary_text": primary,
                "other_text": other,
            }
        )
    stmt = _INSERT_NEW[dialect_of(session)].returning(_DOCS.c.item_id)
    stored = set((await session.execute(stmt, rows)).scalars())
    for doc in docs:
        if doc.item_id not in stored:
            await write_doc(
                session,
                item_id=doc.item_id,
                board_id=doc.board_id,
                created_at=doc.created_at,
                parts=doc.parts,
            )


async def drop_docs(session: AsyncSession, item_ids: list[str]) -> None:
    """Deleted items leave the index."""
    if item_ids:
        condition = in_values(dialect_of(session), ItemSearchDoc.item_id, item_ids)
        await session.execute(delete(ItemSearchDoc).where(condition))


async def reindex_attribute(session: AsyncSession, attribute_id: str) -> None:
    """Bring item search in step after an attribute changed type or settings or was deleted (in
    the same transaction, after the change): the documents of every item holding a value of it
    are rebuilt by one statement, whatever their number (a type change on 50 items wrote them
    one item at a time, 2 statements each)."""
    await session.flush()
    await _rebuild(
        session, ItemSearchDoc.item_id.in_(select(Value.item_id).where(Value.attribute_id == attribute_id))
    )


async def reindex_items(session: AsyncSession, item_ids: Collection[str]) -> None:
    """Rebuild the documents of these items from their stored values (flushed), in one statement."""
    if item_ids:
        await _rebuild(session, in_values(dialect_of(session), ItemSearchDoc.item_id, item_ids))


async def _rebuild(session: AsyncSession, which: ColumnElement[bool]) -> None:
    """Rewrite, set-based, the documents `which` selects from the search text of their items'
    values. Values of deleted attributes never count."""
    dialect = dialect_of(session)

    def text_of(primary: bool) -> Any:
        joined = (
            func.string_agg(Value.search_text, literal("\n"))
            if dialect == "postgresql"
            else func.group_concat(Value.search_text, literal("\n"))
        )
        kinds = Attribute.type.in_(primary_kinds())
        return func.coalesce(
            select(joined)
            .join(Attribute, Attribute.id == Value.attribute_id)
            .where(
                Value.item_id == ItemSearchDoc.item_id,
                Value.search_text.is_not(None),
                live(Attribute),
                kinds if primary else ~kinds,
            )
            .scalar_subquery(),
            "",
        )

    await session.execute(
        update(ItemSearchDoc)
        .where(which)
        .values(primary_text=text_of(True), other_text=text_of(False))
        .execution_options(synchronize_session=False)
    )


# A tier with at most this many matching documents is handed to the item query as a list of ids
# (primary-key look-ups; one parameter, see core/inlist.py); a larger one as a sub-select, which the
# list's ordered index scan meets densely enough to fill a page quickly.
ID_LIST_CAP = 2000


def fts_query(dialect: str, words: list[str], tier: int | None) -> str:
    """The engine's query for `words`: tier 0 = all words in text-like values, tier 1 = all words
    but not all in text-like values, None = all words anywhere. Tokens are \\w runs, so quoting
    them leaves no syntax for user input."""
    if dialect == "postgresql":
        every = " & ".join("'" + w.replace("'", "") + "':*" for w in words)
        primary = " & ".join("'" + w.replace("'", "") + "':*A" for w in words)
        return {None: every, 0: primary, 1: f"({every}) & !({primary})"}[tier]
    every = " ".join('"' + w.replace('"', "") + '"*' for w in words)
    primary = f"primary_text : ({every})"
    return {None: every, 0: primary, 1: f"({every}) NOT ({primary})"}[tier]


def _matching_sql(dialect: str) -> str:
    if dialect == "postgresql":
        return "SELECT item_id FROM item_search_docs WHERE document @@ to_tsquery('simple', :search_q)"
    return (
        "SELECT d.item_id FROM item_search_fts f JOIN item_search_docs d ON d.id = f.rowid "
        "WHERE item_search_fts MATCH :search_q"
    )


async def tier_condition(
    session: AsyncSession, q: str, tier: int | None = None
) -> ColumnElement[bool] | None:
    """A condition on Item selecting the items of `tier` (see fts_query) matching every word
    of `q`; None when nothing can match (no words, or no document in the tier)."""
    words = tokens(q)
    if not words:
        return None
    dialect = dialect_of(session)
    sql = _matching_sql(dialect)
    query = fts_query(dialect, words, tier)
    found = list(
        (await session.execute(text(f"{sql} LIMIT :cap"), {"search_q": query, "cap": ID_LIST_CAP + 1}))
        .scalars()
        .all()
    )
    if not found:
        return None
    if len(found) <= ID_LIST_CAP:
        return in_values(dialect, Item.id, found)
    return Item.id.in_(text(sql).bindparams(search_q=query).columns(item_id=String))
