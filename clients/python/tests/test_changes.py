"""The change feed through the SDK: live events in order, resuming from a cursor, automatic
reconnection across a server restart, catch-up pages, and the ends the server decides."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from infinity_client import ChangeFeedClosed, Client, Gone, Retries
from infinity_client.models import Event
from sdk_testing import BoardSetup, Server, bootstrap, free_port, server_env, serving


def collect(feed: Iterator[Event], count: int, into: list[Event] | None = None) -> list[Event]:
    events = into if into is not None else []
    for event in feed:
        events.append(event)
        if len(events) >= count:
            break
    return events


def test_events_arrive_in_order_and_a_stored_cursor_resumes_without_repeats(
    client: Client, board: BoardSetup
) -> None:
    start = client.changes.page(board.board).after
    created = [
        client.items.create(board.board, folder=board.folder, values={"Name": f"c{i}"}).id for i in range(3)
    ]
    feed = client.changes.stream(board.board, after=start)
    events: list[Event] = []
    for event in feed:
        events.append(event)
        if [e.payload["id"] for e in events if e.event == "item.finalized"] == created:
            break
    ids = [e.id for e in events]
    assert len(set(ids)) == len(ids) and all(ids)
    assert [e.payload["id"] for e in events if e.event == "item.created"] == created
    cursor = feed.cursor
    assert cursor == ids[-1]
    later = client.items.create(board.board, folder=board.folder).id
    resumed = client.changes.stream(board.board, after=cursor)
    first = next(iter(resumed))
    assert first.event == "item.created" and first.payload["id"] == later
    # The same changes as JSON pages (polling), from the same starting point.
    polled = list(client.changes.since(board.board, start, limit=2))
    assert [e.id for e in polled][: len(ids)] == ids


def test_a_stale_cursor_is_gone(client: Client, board: BoardSetup) -> None:
    with pytest.raises(Gone) as caught:
        next(iter(client.changes.stream(board.board, after="1-nottheboard")))
    assert caught.value.code == "changes/cursor-expired"


def test_revoking_the_token_ends_the_feed_for_good(client: Client, board: BoardSetup, server: Server) -> None:
    token = client.profile.create_token("feed", scopes=["read"])
    with Client(token.token, base_url=server.base_url, workspace=server.workspace) as reader:
        feed = reader.changes.stream(board.board)
        caught: list[BaseException] = []

        def read() -> None:
            try:
                for _ in feed:
                    pass
            except BaseException as exc:  # noqa: BLE001  (handed to the test thread)
                caught.append(exc)

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        time.sleep(1)
        client.profile.revoke_token(token)
        thread.join(timeout=15)
        assert not thread.is_alive() and len(caught) == 1
        assert isinstance(caught[0], ChangeFeedClosed) and caught[0].reason == "access-revoked"


def test_the_feed_reconnects_by_itself_across_a_server_restart(tmp_path: Path) -> None:
    env = server_env(f"sqlite:///{tmp_path / 'restart.db'}", tmp_path)
    credentials = bootstrap(env, tmp_path)
    port = free_port()
    with serving(env, tmp_path, port) as base:
        client = Client(
            str(credentials["token"]), base_url=base, workspace=int(credentials["workspace_id"]),
            retries=Retries(max_retries=1, backoff=0.05),
        )  # fmt: skip
        board = client.boards.create(name="Restart")
        folder = client.folders.create(board, name="F")
        feed = client.changes.stream(board, after=client.changes.page(board).after, reconnect_delay=0.5)
        events: list[Event] = []
        reader = threading.Thread(target=lambda: collect(iter(feed), 1000, events), daemon=True)
        reader.start()
        before = client.items.create(board, folder=folder).id
        deadline = time.monotonic() + 15
        while before not in {e.payload["id"] for e in events if e.event == "item.created"}:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    with serving(env, tmp_path, port):
        after = client.items.create(board, folder=folder).id  # written before the feed is back
        deadline = time.monotonic() + 20
        while after not in {e.payload["id"] for e in events if e.event == "item.created"}:
            assert time.monotonic() < deadline, "the feed did not resume"
            time.sleep(0.05)
        assert feed.connections >= 2
        created = [e.payload["id"] for e in events if e.event == "item.created"]
        assert created == [before, after]
        assert len({e.id for e in events}) == len(events)
        feed.close()  # from another thread: the reader's loop ends without an error
        reader.join(timeout=10)
        assert not reader.is_alive()
    client.close()
