"""The change feed over real HTTP: webhook shapes in commit order, resume without loss or
duplicates, nothing from rolled-back writes, heartbeats."""

from __future__ import annotations

import json
from datetime import timedelta

from openinfinity.changes.cursor import board_tag
from openinfinity.core import events
from openinfinity.core.models import utcnow
from openinfinity.hooks import outbox as hooks_outbox
from tests import factories
from tests.changes.conftest import Feed
from tests.changes.sse_client import Event, open_stream


def as_sent(rows: list[tuple[int, str, dict]]) -> list[tuple[str, dict]]:
    """What a webhook receiver gets for these outbox rows: `{"event", "payload"}`."""
    return [(event, {"event": event, "payload": payload}) for _, event, payload in rows]


def received(found: list[Event]) -> list[tuple[str, dict]]:
    return [(e.event, e.json) for e in found]


async def test_changes_arrive_in_commit_order_as_webhooks_send_them(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    async with open_stream(feed.http, feed.url(setup), owner.headers) as stream:
        ready = await stream.next()
        assert ready.event == "ready" and ready.json == {"cursor": ready.id}
        first = await feed.create_item(setup, values={"Name": "Flights", "Done": True})
        item_id = first.json()["id"]
        update = await feed.http.put(
            feed.url(setup, f"/items/{item_id}"),
            json={"values": [{"attribute_id": setup.attr("Name"), "data": "Hotels"}]},
            headers=owner.headers,
        )
        assert update.status_code == 200, update.text
        comment = await feed.http.post(
            feed.url(setup, f"/items/{item_id}/comments"), json={"text": "<b>book</b>"}, headers=owner.headers
        )
        assert comment.status_code in (200, 201), comment.text
        expected = await feed.outbox(setup.board_id)
        found = await stream.changes(len(expected))
        assert received(found) == as_sent(expected)
        names = [e.event for e in found]
        assert names[0] == "item.created" and "item.finalized" in names and names[-1] == "comment.created"
        assert "value.updated" in names
        assert len({e.id for e in found}) == len(found)
        assert await stream.quiet(0.5) == []  # nothing more, nothing twice


async def test_resume_after_a_dropped_connection_loses_and_repeats_nothing(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    url = feed.url(setup)
    for n in range(3):
        assert (await feed.create_item(setup, values={"Name": f"before {n}"})).status_code == 201
    seen: list[Event] = []
    async with open_stream(feed.http, url, owner.headers) as stream:
        start = (await stream.next()).id  # from now on: the three items are history already
        for n in range(4):
            assert (await feed.create_item(setup, values={"Name": f"during {n}"})).status_code == 201
        seen += await stream.changes(5)  # part of it; then the connection drops
    for n in range(3):
        assert (await feed.create_item(setup, values={"Name": f"while away {n}"})).status_code == 201
    everything = await feed.outbox(setup.board_id)
    after_start = [row for row in everything if row[0] > int(start.split("-")[0])]
    async with open_stream(feed.http, url, owner.headers, **{"Last-Event-ID": seen[-1].id}) as stream:
        ready = await stream.next()
        assert ready.id == seen[-1].id
        rest = await stream.changes(len(after_start) - len(seen))
        assert await stream.quiet(0.5) == []
    assert received(seen + rest) == as_sent(after_start)
    ids = [int(e.id.split("-")[0]) for e in seen + rest]  # type: ignore[union-attr]
    assert ids == sorted(set(ids))
    # ?after= resumes the same way, and the JSON page (for pollers) agrees.
    async with open_stream(feed.http, url, owner.headers, after=seen[2].id) as stream:
        assert received(await stream.changes(len(after_start) - 3)) == as_sent(after_start[3:])
    page = await feed.http.get(url, params={"after": seen[2].id, "limit": 500}, headers=owner.headers)
    assert page.status_code == 200 and page.headers["content-type"].startswith("application/json")
    body = page.json()
    assert [(c["event"], {"event": c["event"], "payload": c["payload"]}) for c in body["data"]] == as_sent(
        after_start[3:]
    )
    assert body["has_more"] is False and body["after"] == rest[-1].id


async def test_a_burst_larger_than_the_queue_arrives_whole(feed: Feed) -> None:
    """The servers' queues hold 4 events: a 120-event burst goes through the history path."""
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    async with open_stream(feed.http, feed.url(setup), owner.headers) as stream:
        await stream.next()
        async with feed.app.state.db.transaction() as session:
            for n in range(120):
                events.record(
                    session,
                    "item.updated",
                    workspace_id=owner.workspace_id,
                    board_id=setup.board_id,
                    payload={"n": n},
                )
        found = await stream.changes(120)
        assert [e.json["payload"]["n"] for e in found] == list(range(120))
        assert await stream.quiet(0.3) == []


async def test_rolled_back_writes_publish_nothing(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    async with open_stream(feed.http, feed.url(setup), owner.headers) as stream:
        await stream.next()
        # A create whose second value is out of range: the whole request is refused (422).
        bad = await feed.create_item(setup, values={"Name": "kept?", "Rating": 99})
        assert bad.status_code == 422, bad.text
        # A service-level transaction that records events, then fails.
        try:
            async with feed.app.state.db.transaction() as session:
                events.record(
                    session,
                    "item.updated",
                    workspace_id=owner.workspace_id,
                    board_id=setup.board_id,
                    payload={"rolled": "back"},
                )
                await session.flush()
                raise RuntimeError("abort")
        except RuntimeError:
            pass
        good = await feed.create_item(setup, values={"Name": "after"})
        assert good.status_code == 201
        found = await stream.changes(len(await feed.outbox(setup.board_id)))
        assert all(
            e.json["payload"].get("id") == good.json()["id"] or e.event.startswith("value") for e in found
        )
        assert found[0].event == "item.created" and found[0].json["payload"]["id"] == good.json()["id"]
        assert "kept?" not in json.dumps([e.json for e in found])
        assert await stream.quiet(0.3) == []


async def test_idle_streams_get_heartbeats(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    async with open_stream(feed.http, feed.url(setup), owner.headers) as stream:
        await stream.next()
        assert await stream.quiet(1.3) == []
        assert stream.comments >= 2  # every 0.5 s on these servers


async def test_expired_and_unknown_cursors_answer_410(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    other = await feed.board(owner)
    for n in range(3):
        assert (await feed.create_item(setup, values={"Name": f"old {n}"})).status_code == 201
    rows = await feed.outbox(setup.board_id)
    url = feed.url(setup)
    first_cursor = await feed.http.get(
        url, params={"after": "0-" + board_tag(setup.board_id)}, headers=owner.headers
    )
    assert first_cursor.status_code == 200, first_cursor.text
    old = first_cursor.json()["data"][0]["id"]
    # Forget the board's history as the dispatcher's pruning does (as if it were days old).
    db = feed.app.state.db
    while await hooks_outbox.fan_out(db):
        pass
    async with db.transaction() as session:
        await events.prune(session, cutoff=utcnow() + timedelta(seconds=5), limit=10_000)
    assert len(await feed.outbox(setup.board_id)) < len(rows)
    for headers, params in (
        ({**owner.headers, "Last-Event-ID": old}, None),
        (owner.headers, {"after": old}),
        ({**owner.headers, "Accept": "text/event-stream"}, {"after": old}),
        (owner.headers, {"after": "not-a-cursor"}),
        (owner.headers, {"after": f"{rows[-1][0]}-{board_tag(other.board_id)}"}),  # another board's cursor
        (owner.headers, {"after": f"{10**12}-{board_tag(setup.board_id)}"}),  # never handed out
    ):
        response = await feed.http.get(url, params=params, headers=headers)
        assert response.status_code == 410, response.text
        assert response.json()["code"] == "changes/cursor-expired"
        assert "reload" in response.json()["message"].lower()
    # The newest cursor still works.
    latest = await feed.http.get(url, headers=owner.headers)
    assert latest.status_code == 200 and latest.json()["data"] == []


async def test_stream_is_never_gzipped_so_events_arrive_at_once(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    gzip = {"Accept-Encoding": "gzip"}
    async with open_stream(feed.http, feed.url(setup), owner.headers, **gzip) as stream:
        assert "content-encoding" not in stream.response.headers
        assert (await stream.next()).event == "ready"
        assert (await feed.create_item(setup, values={"Name": "Trains"})).status_code == 201
        assert [e.event for e in await stream.changes(1, within=3)] == ["item.created"]
