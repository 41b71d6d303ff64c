"""Access while a stream is open, several server processes on one database, and the server
ending streams (shutdown, a client that reads nothing)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import time
from pathlib import Path

import h11
import httpx
import orjson

from openinfinity.app import create_app
from openinfinity.core import events
from tests import conftest, factories
from tests.changes.conftest import SERVER_ENV, Feed
from tests.changes.sse_client import Stream, open_stream
from tests.servers import CLI, cli_env, free_port


async def wait_closed(stream: Stream, within: float = 5.0) -> dict:
    """The `closed` event the server sends when it ends a stream, then the end of the stream."""
    deadline = time.monotonic() + within
    while True:
        event = await stream.next(max(0.1, deadline - time.monotonic()))
        if event.event == "closed":
            await asyncio.wait_for(stream.ended.wait(), max(0.1, deadline - time.monotonic()))
            return dict(event.json)


async def test_a_member_removed_from_the_workspace_loses_the_stream(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    member = await factories.member(feed.app, owner.workspace_id, role="full-member")
    setup = await feed.board(owner)
    async with open_stream(feed.http, feed.url(setup), member.headers) as stream:
        await stream.next()
        assert (await feed.create_item(setup, values={"Name": "seen"})).status_code == 201
        assert (await stream.changes(1))[0].event == "item.created"
        # Removed through the other server process: found by the periodic check (0.5 s here).
        removed = await feed.http.delete(
            f"{feed.bases[1]}{owner.ws(f'/members/{member.user_id}')}", headers=owner.headers
        )
        assert removed.status_code == 200, removed.text
        closed = await wait_closed(stream)
        assert closed["reason"] == "access-revoked"
    again = await feed.http.get(feed.url(setup), headers={**member.headers, "Accept": "text/event-stream"})
    assert again.status_code == 404


async def test_a_restricted_member_taken_off_the_board_loses_the_stream(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    member = await factories.member(feed.app, owner.workspace_id, role="restricted-member")
    setup = await feed.board(owner)
    board_url = f"{feed.bases[0]}{setup.url()}"
    assert (
        await feed.http.put(board_url, json={"user_ids": [member.user_id]}, headers=owner.headers)
    ).status_code == 200
    async with open_stream(feed.http, feed.url(setup), member.headers) as stream:
        await stream.next()
        # Through the same process: the commit wakes the access check at once.
        started = time.monotonic()
        assert (
            await feed.http.put(board_url, json={"user_ids": []}, headers=owner.headers)
        ).status_code == 200
        closed = await wait_closed(stream)
        assert closed["reason"] == "access-revoked"
        assert time.monotonic() - started < 2.0
        assert (await feed.create_item(setup, values={"Name": "not for them"})).status_code == 201
        assert stream.events.qsize() <= 1  # only the end-of-stream marker, no change after removal


async def test_a_revoked_token_loses_the_stream(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    raw = await factories.token(feed.app, owner.user_id)
    headers = {"Authorization": f"Bearer {raw}"}
    tokens = (await feed.http.get(f"{feed.bases[1]}/api/v2/profile/tokens", headers=headers)).json()["data"]
    token_id = next(t["id"] for t in tokens if t["name"] == "extra")
    async with open_stream(feed.http, feed.url(setup), headers) as stream:
        await stream.next()
        revoked = await feed.http.delete(f"{feed.bases[1]}/api/v2/profile/tokens/{token_id}", headers=headers)
        assert revoked.status_code == 200, revoked.text
        assert (await wait_closed(stream))["reason"] == "access-revoked"


async def test_a_write_through_one_process_reaches_a_stream_on_the_other(feed: Feed) -> None:
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    async with (
        open_stream(feed.http, feed.url(setup, server=0), owner.headers) as on_first,
        open_stream(feed.http, feed.url(setup, server=1), owner.headers) as on_second,
    ):
        await on_first.next()
        await on_second.next()
        one = await feed.create_item(setup, server=0, values={"Name": "via first"})
        two = await feed.create_item(setup, server=1, values={"Name": "via second"})
        assert one.status_code == two.status_code == 201
        expected = await feed.outbox(setup.board_id)
        got_first = await on_first.changes(len(expected))
        got_second = await on_second.changes(len(expected))
        as_pairs = [(e, {"event": e, "payload": p}) for _, e, p in expected]
        assert [(e.event, e.json) for e in got_first] == as_pairs
        assert [(e.event, e.json) for e in got_second] == as_pairs
        assert [e.id for e in got_first] == [e.id for e in got_second]  # one cursor space


async def test_a_client_that_reads_nothing_is_dropped_and_resumes(feed: Feed) -> None:
    """A raw socket with a tiny receive buffer that never reads: the server stops queueing for it
    (queue of 4 here), gives up on the blocked send after 1 s and drops the connection; the
    client then resumes from the last id it got and misses nothing."""
    owner = await factories.account(feed.app)
    setup = await feed.board(owner)
    host, port = feed.bases[0].removeprefix("http://").split(":")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.setblocking(False)
    await asyncio.get_running_loop().sock_connect(sock, (host, int(port)))
    reader, writer = await asyncio.open_connection(sock=sock)
    token = owner.headers["Authorization"]
    writer.write(
        f"GET {setup.url('/changes')} HTTP/1.1\r\nHost: {host}\r\nAuthorization: {token}\r\n"
        "Accept: text/event-stream\r\n\r\n".encode()
    )
    await writer.drain()
    await asyncio.sleep(0.3)
    big = "x" * 50_000
    async with feed.app.state.db.transaction() as session:
        for n in range(80):  # 4 MB: more than the socket buffers hold
            events.record(
                session,
                "item.updated",
                workspace_id=owner.workspace_id,
                board_id=setup.board_id,
                payload={"n": n, "pad": big},
            )
    await asyncio.sleep(3.0)  # the server's send times out after 1 s
    data = b""
    with contextlib.suppress(ConnectionError):
        while chunk := await asyncio.wait_for(reader.read(1 << 20), 10):
            data += chunk  # ... then the connection ends (EOF)
    writer.close()
    sent = []  # (cursor, n) of each complete change block received
    for block in _body_of(data).split(b"\n\n")[:-1]:
        fields = dict(line.split(b": ", 1) for line in block.split(b"\n") if b": " in line)
        if fields.get(b"event", b"").startswith(b"item."):
            sent.append((fields[b"id"].decode(), orjson.loads(fields[b"data"])["payload"]["n"]))
    assert len(sent) < 80, "the client must have been dropped before getting everything"
    assert [n for _, n in sent] == list(range(len(sent)))
    resume = {"Last-Event-ID": sent[-1][0]} if sent else {}
    async with open_stream(feed.http, feed.url(setup), owner.headers, **resume) as stream:
        await stream.next()
        rest = await stream.changes(80 - len(sent), within=10) if sent else []
    if sent:
        assert [n for _, n in sent] + [e.json["payload"]["n"] for e in rest] == list(range(80))


def _body_of(raw: bytes) -> bytes:
    """The body of a chunked HTTP/1.1 response, as far as it got."""
    connection = h11.Connection(h11.CLIENT)
    connection.send(h11.Request(method="GET", target="/", headers=[("Host", "x")]))
    connection.send(h11.EndOfMessage())
    connection.receive_data(raw)
    body = b""
    while True:
        try:
            event = connection.next_event()
        except h11.RemoteProtocolError:
            return body
        if event in (h11.NEED_DATA, h11.PAUSED) or isinstance(event, h11.EndOfMessage):
            return body
        if isinstance(event, h11.Data):
            body += event.data


async def test_shutdown_ends_open_streams(tmp_path: Path) -> None:
    """SIGTERM: open streams get `closed` (reason shutdown) and the server exits promptly, where
    a server waiting for its open responses would hang."""
    url = await conftest.fresh_database_url("sqlite", tmp_path)  # the signal path is the same on both
    app = create_app(conftest.test_settings(url))
    owner = await factories.account(app)
    board = await Feed(app, [], httpx.AsyncClient()).board(owner)
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *CLI,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        env=cli_env(url, **SERVER_ENV),
        cwd=tmp_path,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            for _ in range(300):
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get(f"{base}/health")).status_code == 200:
                        break
                await asyncio.sleep(0.1)
            async with open_stream(http, f"{base}{board.url('/changes')}", owner.headers) as stream:
                await stream.next()
                os.kill(process.pid, signal.SIGTERM)
                assert (await wait_closed(stream))["reason"] == "shutdown"
        started = time.monotonic()
        await asyncio.wait_for(process.wait(), 10)
        assert time.monotonic() - started < 5
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await app.state.db.dispose()
