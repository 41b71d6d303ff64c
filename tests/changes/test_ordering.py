"""Events of one board commit in id order on PostgreSQL (core/events.py): a transaction that took
an outbox id and has not committed yet holds back later events of the same board, so a cursor
(`id > position`) can never pass over it. Other boards do not wait."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from openinfinity.core import events
from tests import factories
from tests.changes.conftest import Feed


async def _record(feed: Feed, owner: factories.Account, board_id: str, n: int) -> None:
    async with feed.app.state.db.transaction() as session:
        events.record(
            session, "item.updated", workspace_id=owner.workspace_id, board_id=board_id, payload={"n": n}
        )


async def test_a_later_event_of_the_board_waits_for_an_earlier_uncommitted_one(feed: Feed) -> None:
    db = feed.app.state.db
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time: ids are committed in order by construction")
    owner = await factories.account(feed.app)
    board, other = (await feed.board(owner)).board_id, (await feed.board(owner)).board_id
    dsn = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    first = await asyncpg.connect(dsn)
    try:
        # A writer in its commit phase: board lock taken, outbox id allocated, not committed.
        transaction = first.transaction()
        await transaction.start()
        await first.execute(
            "SELECT pg_advisory_xact_lock($1, $2)", events.BOARD_LOCK_CLASS, events.board_lock_key(board)
        )
        early = await first.fetchval(
            "INSERT INTO outbox_events (event, workspace_id, board_id, payload, created_at)"
            " VALUES ('item.updated', $1, $2, '{\"n\": 0}', now()) RETURNING id",
            owner.workspace_id,
            board,
        )
        later = asyncio.create_task(_record(feed, owner, board, 1))
        await _record(feed, owner, other, 2)  # another board: not held back
        await asyncio.sleep(0.5)
        assert not later.done(), "a later event of the board committed before an earlier one"
        assert [row[0] for row in await feed.outbox(board)] == []
        await transaction.commit()
        await asyncio.wait_for(later, 5)
    finally:
        await first.close()
    ids = [row[0] for row in await feed.outbox(board)]
    assert ids[0] == early and ids[1] > early
