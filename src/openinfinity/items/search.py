"""Full-text search over items: the per-item search document and the `q` filter.

Each live item has one row in `item_search_docs` (migration 0003): the search text of its
text-like values (`primary_text`, ranked first) and of every other value (`other_text`). It is
rewritten in the same transaction as the values, so the index never lags the data. SQLite indexes
the rows with FTS5 (triggers), PostgreSQL with a generated tsvector column and a GIN index.

User input never reaches the engines' query syntax: `q` is cut into word tokens, each quoted
(FTS5) or reduced to a bare lexeme (tsquery), and all of them must match (prefix match, so typing
"barc" finds "Barcelona").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Integer,
    String,
    Text,
    delete,
    func,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.models import Base
from openinfinity.items.models import Item

# Types whose search text ranks first ("giving priority to text value types").
PRIMARY_KINDS = frozenset({"text", "longtext", "email", "phone", "links", "checklist"})
# Tokens: runs of letters/digits (any script); everything else separates them.
_TOKEN = re.compile(r"\w+", re.UNICODE)
_MAX_TOKENS = 16


class ItemSearchDoc(Base):
    __tablename__ = "item_search_docs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[str] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    board_id: Mapped[str] = mapped_column(String(11))
    primary_text: Mapped[str] = mapped_column(Text, default="")
    other_text: Mapped[str] = mapped_column(Text, default="")


def dialect_of(session: AsyncSession) -> str:
    bind = session.get_bind()
    return str(bind.dialect.name)


def tokens(q: str) -> list[str]:
    """The words of a query, lower-cased, without any syntax (quotes, *, NEAR, parentheses)."""
    words = [w.lower().replace("_", " ").strip() for w in _TOKEN.findall(q)]
    split = [part for w in words for part in w.split() if part]
    return split[:_MAX_TOKENS]


def split_texts(parts: Iterable[tuple[str, str | None]]) -> tuple[str, str]:
    """(kind, search text) pairs -> (primary_text, other_text)."""
    primary: list[str] = []
    other: list[str] = []
    for kind, value in parts:
        if value:
            (primary if kind in PRIMARY_KINDS else other).append(value)
    return "\n".join(primary), "\n".join(other)


async def write_doc(
    session: AsyncSession, *, item_id: str, board_id: str, parts: Iterable[tuple[str, str | None]]
) -> None:
    """Insert or replace the search document of one item."""
    primary, other = split_texts(parts)
    values = {"item_id": item_id, "board_id": board_id, "primary_text": primary, "other_text": other}
    dialect = dialect_of(session)
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(ItemSearchDoc).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[ItemSearchDoc.item_id],
        set_={"board_id": board_id, "primary_text": primary, "other_text": other},
    )
    await session.execute(stmt)


async def drop_docs(session: AsyncSession, item_ids: list[str]) -> None:
    """Deleted items leave the index."""
    if item_ids:
        await session.execute(delete(ItemSearchDoc).where(ItemSearchDoc.item_id.in_(item_ids)))


async def rebuild_docs(session: AsyncSession, *, attribute_id: str) -> None:
    """Rewrite, set-based, the documents of every live item holding a value of `attribute_id`:
    after the attribute changed type (its values' search text changed) or was deleted (its
    values must stop matching). Values of deleted attributes never count."""
    from openinfinity.attributes.models import Attribute
    from openinfinity.items.models import Value

    dialect = dialect_of(session)

    def text_of(primary: bool) -> Any:
        joined = (
            func.string_agg(Value.search_text, literal("\n"))
            if dialect == "postgresql"
            else func.group_concat(Value.search_text, literal("\n"))
        )
        kinds = Attribute.type.in_(PRIMARY_KINDS)
        return func.coalesce(
            select(joined)
            .join(Attribute, Attribute.id == Value.attribute_id)
            .where(
                Value.item_id == ItemSearchDoc.item_id,
                Value.search_text.is_not(None),
                Attribute.deleted_at.is_(None),
                kinds if primary else ~kinds,
            )
            .scalar_subquery(),
            "",
        )

    affected = select(Value.item_id).where(Value.attribute_id == attribute_id)
    await session.execute(
        update(ItemSearchDoc)
        .where(ItemSearchDoc.item_id.in_(affected))
        .values(primary_text=text_of(True), other_text=text_of(False))
        .execution_options(synchronize_session=False)
    )


# A tier with at most this many matching documents is handed to the item query as a list of ids
# (primary-key look-ups); a larger one as a sub-select, which the list's ordered index scan meets
# densely enough to fill a page quickly.
ID_LIST_CAP = 2000


def _fts_query(dialect: str, words: list[str], tier: int | None) -> str:
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
    """A condition on Item selecting the items of `tier` (see _fts_query) matching every word
    of `q`; None when nothing can match (no words, or no document in the tier)."""
    words = tokens(q)
    if not words:
        return None
    dialect = dialect_of(session)
    sql = _matching_sql(dialect)
    query = _fts_query(dialect, words, tier)
    found = list(
        (await session.execute(text(f"{sql} LIMIT :cap"), {"search_q": query, "cap": ID_LIST_CAP + 1}))
        .scalars()
        .all()
    )
    if not found:
        return None
    if len(found) <= ID_LIST_CAP:
        return Item.id.in_(found)
    return Item.id.in_(text(sql).bindparams(search_q=query).columns(item_id=String))
