"""Safe retries of writes against the real server: a TCP proxy between client and server loses the
response of the first write (the server has applied it), the client retries with the same
`Idempotency-Key`, and the server answers with the stored result (`Idempotent-Replayed: true`)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from infinity_client import Client, Retries, TransportError, ValidationError
from sdk_testing import BoardSetup, Server


class LosingProxy:
    """Forwards TCP to the server; the response to the first POST is swallowed and its connection
    closed, as when a network drops after the server did the work."""

    def __init__(self, target: str) -> None:
        parts = urlsplit(target)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.lose_next_post = True
        self.lost = 0
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        upstream = socket.create_connection(self.target)
        losing = threading.Event()

        def upward() -> None:
            with_close(client, upstream, lambda data: self._mark(data, losing))

        threading.Thread(target=upward, daemon=True).start()
        while data := recv(upstream):
            if losing.is_set():
                self.lost += 1
                break
            client.sendall(data)
        for sock in (client, upstream):
            sock.close()

    def _mark(self, data: bytes, losing: threading.Event) -> None:
        if self.lose_next_post and data.startswith(b"POST "):
            self.lose_next_post = False
            losing.set()

    def close(self) -> None:
        self.listener.close()


def recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def with_close(source: socket.socket, sink: socket.socket, inspect: object) -> None:
    while data := recv(source):
        inspect(data)  # type: ignore[operator]
        try:
            sink.sendall(data)
        except OSError:
            return


@pytest.fixture
def proxy(server: Server) -> Iterator[LosingProxy]:
    running = LosingProxy(server.base_url)
    yield running
    running.close()


def test_a_write_whose_answer_was_lost_is_retried_and_replayed_not_repeated(
    server: Server, board: BoardSetup, proxy: LosingProxy
) -> None:
    sent: list[httpx.Request] = []
    answers: list[httpx.Response] = []
    http = httpx.Client(event_hooks={"request": [sent.append], "response": [answers.append]}, timeout=10)
    client = Client(
        server.token, base_url=proxy.url, workspace=server.workspace, http=http,
        retries=Retries(max_retries=3, backoff=0.1),
    )  # fmt: skip
    created = client.comments.create(
        client.items.create(board.board, folder=board.folder), text="<p>once</p>"
    )
    # The item's POST was the one lost: the retry carried the same key and got the stored answer.
    assert proxy.lost == 1
    posts = [r for r in sent if r.method == "POST"]
    assert len(posts) == 3  # the item twice (lost, replayed), the comment once
    assert posts[0].headers["Idempotency-Key"] == posts[1].headers["Idempotency-Key"]
    assert posts[2].headers["Idempotency-Key"] != posts[0].headers["Idempotency-Key"]
    replayed = [
        a for a in answers if a.request.method == "POST" and a.headers.get("idempotent-replayed") == "true"
    ]
    assert len(replayed) == 1 and replayed[0].request is posts[1]
    # One item on the board, not two.
    with server.client() as direct:
        items = list(direct.items.list(board.board))
    assert len(items) == 1 and created.text == "<p>once</p>"


def test_without_idempotency_keys_a_lost_write_is_not_retried(
    server: Server, board: BoardSetup, proxy: LosingProxy
) -> None:
    client = Client(
        server.token, base_url=proxy.url, workspace=server.workspace,
        retries=Retries(max_retries=3, backoff=0.1, idempotency_keys=False),
    )  # fmt: skip
    with pytest.raises(TransportError):
        client.items.create(board.board, folder=board.folder)
    # It reached the server once: the caller knows the outcome is uncertain, nothing was doubled.
    with server.client() as direct:
        assert len(list(direct.items.list(board.board))) == 1


def test_upsert_creates_then_updates_by_a_natural_key(client: Client, board: BoardSetup) -> None:
    first = client.items.upsert(
        board.board, match="Name", folder=board.folder, values={"Name": "SKU-1", "Estimate": 1}
    )
    again = client.items.upsert(board.board, match="Name", values={"Name": "SKU-1", "Estimate": 5})
    assert again.id == first.id and again.values["Estimate"] == 5
    assert len(list(client.items.list(board.board))) == 1


def test_batches_are_all_or_nothing_and_set_values_on_many_items(client: Client, board: BoardSetup) -> None:
    result = client.items.batch(
        board.board,
        [
            {"action": "create", "folder_id": board.folder.id, "values": {"Name": "a", "Status": ["Todo"]}},
            {"action": "create", "folder_id": board.folder.id, "values": {"Name": "b"}},
            {"action": "upsert", "match": "Name", "folder_id": board.folder.id, "values": {"Name": "c"}},
        ],
    )
    assert [e.status for e in result.results] == [201, 201, 201]
    assert [i.values["Name"] for i in result.items] == ["a", "b", "c"]
    assert result.items[0].values.labels("Status") == ["Todo"]
    done = client.items.set_values(board.board, "Status", ["Done"], result.items)
    assert [i.values.labels("Status") for i in done.items] == [["Done"]] * 3
    with pytest.raises(ValidationError) as caught:
        client.items.batch(
            board.board,
            [{"action": "update", "id": result.items[0].id, "values": {"Name": "x"}},
             {"action": "delete", "id": "no-such-item"}],
        )  # fmt: skip
    assert caught.value.code == "items/batch-failed"
    assert [f["index"] for f in caught.value.failures] == [1]
    assert client.items.get(board.board, result.items[0].id).values["Name"] == "a"  # nothing written
