"""The outbox as the change feed reads it: one board's history after a position, its horizon, and
the new events of many boards at once (the shared reader of a worker, hub.py).

Every statement has one fixed text whatever the number of boards (their positions travel as one
array or JSON parameter), so drivers keep one prepared statement (see core/inlist.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import JSON, Integer, String, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.events import OutboxEvent, OutboxHorizon


@dataclass(frozen=True, slots=True)
class Change:
    """One outbox event as the feed sends it."""

    id: int
    board_id: str
    event: str
    payload: dict[str, Any]

    def data(self) -> bytes:
        """The SSE `data:` value: exactly the body a webhook receiver gets (hooks/delivery.py)."""
        return orjson.dumps({"event": self.event, "payload": self.payload})


_COLUMNS = (OutboxEvent.id, OutboxEvent.board_id, OutboxEvent.event, OutboxEvent.payload)


async def head(session: AsyncSession, board_id: str) -> int:
    """The board's position now: its newest event, else the highest id pruned of it, else 0."""
    newest = await session.scalar(select(func.max(OutboxEvent.id)).where(OutboxEvent.board_id == board_id))
    if newest is not None:
        return int(newest)
    return await horizon(session, board_id)


async def horizon(session: AsyncSession, board_id: str) -> int:
    """The highest id pruned of the board (0: nothing pruned)."""
    through = await session.scalar(
        select(OutboxHorizon.pruned_through).where(OutboxHorizon.board_id == board_id)
    )
    return int(through or 0)


async def newest_id(session: AsyncSession) -> int:
    """The newest id of the outbox (never pruned): no cursor the server handed out is above it."""
    return int(await session.scalar(select(func.max(OutboxEvent.id))) or 0)


async def page(session: AsyncSession, board_id: str, *, after: int, limit: int) -> list[Change]:
    rows = await session.execute(
        select(*_COLUMNS)
        .where(OutboxEvent.board_id == board_id, OutboxEvent.id > after)
        .order_by(OutboxEvent.id)
        .limit(limit)
    )
    return [Change(*row) for row in rows]


# The new events of every watched board, each after its own position, in id order. An index
# look-up on (board_id, id) per board (ix_outbox_events_board).
_SINCE_SQLITE = text(
    "SELECT o.id, o.board_id, o.event, o.payload FROM json_each(:watch) AS w "
    "JOIN outbox_events AS o ON o.board_id = json_extract(w.value, '$[0]') "
    "AND o.id > json_extract(w.value, '$[1]') ORDER BY o.id LIMIT :limit"
).columns(id=Integer, board_id=String, event=String, payload=JSON)
_SINCE_POSTGRES = text(
    "SELECT o.id, o.board_id, o.event, o.payload "
    "FROM unnest(CAST(:boards AS varchar[]), CAST(:afters AS integer[])) AS w(board_id, after) "
    "JOIN outbox_events AS o ON o.board_id = w.board_id AND o.id > w.after ORDER BY o.id LIMIT :limit"
).columns(id=Integer, board_id=String, event=String, payload=JSON)


async def since(session: AsyncSession, positions: dict[str, int], *, limit: int) -> list[Change]:
    """Events of the boards in `positions` after each board's position, the lowest ids first.
    With `limit` rows back there may be more (each board's rows are a prefix of its new ones)."""
    if not positions:
        return []
    if session.get_bind().dialect.name == "postgresql":
        params: dict[str, Any] = {
            "boards": list(positions),
            "afters": list(positions.values()),
            "limit": limit,
        }
        rows = await session.execute(_SINCE_POSTGRES, params)
    else:
        watch = orjson.dumps([[board, after] for board, after in positions.items()]).decode()
        rows = await session.execute(_SINCE_SQLITE, {"watch": watch, "limit": limit})
    return [Change(*row) for row in rows]
