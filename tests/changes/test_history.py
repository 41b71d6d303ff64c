"""The outbox keeps the feed's history (24 h) whatever the webhook retention, and pruning records
per board how far it went, which is what tells an expired cursor from a valid one."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from openinfinity.changes import cursor, repository
from openinfinity.core import events
from openinfinity.core.models import utcnow
from openinfinity.hooks import outbox
from tests import factories
from tests.changes.conftest import Feed


async def _record(feed: Feed, owner: factories.Account, board_id: str, n: int) -> int:
    async with feed.app.state.db.transaction() as session:
        events.record(
            session, "item.updated", workspace_id=owner.workspace_id, board_id=board_id, payload={"n": n}
        )
    return (await feed.outbox(board_id))[-1][0]


async def test_history_outlives_a_short_webhook_retention(feed: Feed) -> None:
    db = feed.app.state.db
    owner = await factories.account(feed.app)
    board = (await feed.board(owner)).board_id
    ids = [await _record(feed, owner, board, n) for n in range(3)]
    while await outbox.fan_out(db):
        pass
    ages = {ids[0]: timedelta(hours=30), ids[1]: timedelta(hours=2), ids[2]: timedelta(hours=1)}
    async with db.transaction() as session:
        for event_id, age in ages.items():
            await session.execute(
                update(events.OutboxEvent)
                .where(events.OutboxEvent.id == event_id)
                .values(dispatched_at=utcnow() - age)
            )
    # Webhook retention of about a minute: the feed's 24 hours still keep the 2-hour-old event.
    await outbox.prune(db, retention_days=0.001, feed_history_hours=24)
    assert [row[0] for row in await feed.outbox(board)] == ids[1:]
    async with db.transaction(write=False) as session:
        assert await repository.horizon(session, board) == ids[0]
        assert await repository.head(session, board) == ids[2]
    # A cursor at the horizon lost nothing; below it, the page answers 410.
    base = f"{feed.bases[0]}{owner.ws(f'/boards/{board}/changes')}"
    ok = await feed.http.get(base, params={"after": cursor.encode(board, ids[0])}, headers=owner.headers)
    assert ok.status_code == 200 and [c["payload"]["n"] for c in ok.json()["data"]] == [1, 2]
    gone = await feed.http.get(
        base, params={"after": cursor.encode(board, ids[0] - 1)}, headers=owner.headers
    )
    assert gone.status_code == 410 and gone.json()["code"] == "changes/cursor-expired"
