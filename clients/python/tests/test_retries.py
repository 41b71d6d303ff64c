"""Rate limits, retries and failures against real peers: a server with a tight rate limit, a port
nothing listens on, and a socket that accepts but never answers."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from infinity_client import Client, RateLimited, Retries, TimeoutError, TransportError
from sdk_testing import Server, running_server


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server allowing 4 requests per 2-second window per token."""
    tmp = tmp_path_factory.mktemp("limited")
    with running_server(
        f"sqlite:///{tmp / 'limited.db'}", tmp, OPENINFINITY_RATE_LIMIT="4 per 2 seconds"
    ) as srv:
        yield srv


class Recorder:
    """httpx event hooks: the status and headers of every attempt the client made."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.statuses: list[int] = []

    def hooks(self) -> dict[str, list[object]]:
        return {
            "request": [self.requests.append],
            "response": [lambda r: self.statuses.append(r.status_code)],
        }


def recording_client(server: Server, recorder: Recorder, **options: object) -> Client:
    http = httpx.Client(event_hooks=recorder.hooks(), timeout=10)  # type: ignore[arg-type]
    return Client(server.token, base_url=server.base_url, workspace=server.workspace, http=http, **options)  # type: ignore[arg-type]


def exhaust(server: Server) -> None:
    """Use up the current window with the same token, behind the client's back."""
    headers = {"Authorization": f"Bearer {server.token}"}
    while httpx.get(f"{server.base_url}/api/v2/profile", headers=headers).status_code != 429:
        pass


def test_a_429_is_waited_out_as_retry_after_says_then_retried(limited: Server) -> None:
    recorder = Recorder()
    client = recording_client(limited, recorder, retries=Retries(max_retries=3))
    exhaust(limited)
    started = time.monotonic()
    assert client.profile.get().id == limited.user_id
    assert recorder.statuses[0] == 429 and recorder.statuses[-1] == 200
    assert time.monotonic() - started >= 0.5  # Retry-After is whole seconds (1 or 2 here)


def test_without_retries_the_429_is_raised_with_its_wait_and_code(limited: Server) -> None:
    client = limited.client(retries=0)
    exhaust(limited)
    with pytest.raises(RateLimited) as caught:
        client.profile.get()
    error = caught.value
    assert error.code == "general/too-many-requests" and error.retry_after and error.retry_after >= 1
    assert error.request_id


def test_the_client_paces_itself_by_the_rate_limit_headers_instead_of_drawing_429s(limited: Server) -> None:
    time.sleep(2.1)  # a fresh window
    recorder = Recorder()
    client = recording_client(limited, recorder)
    for _ in range(9):
        client.profile.get()
    assert 429 not in recorder.statuses and len(recorder.statuses) == 9
    assert client.rate_limit.limit == 4


def test_a_write_retried_after_a_429_sends_the_same_idempotency_key(limited: Server) -> None:
    recorder = Recorder()
    client = recording_client(limited, recorder)
    exhaust(limited)
    workspace = client.workspaces.create(name="once")
    posts = [r for r in recorder.requests if r.method == "POST"]
    assert len(posts) >= 2 and recorder.statuses[0] == 429
    keys = {r.headers["Idempotency-Key"] for r in posts}
    assert len(keys) == 1 and len(keys.pop()) == 36
    assert [w.name for w in client.workspaces.list()].count("once") == 1
    assert workspace.name == "once"
    client.workspaces.create(name="twice")  # another call, another key
    assert len({r.headers["Idempotency-Key"] for r in recorder.requests if r.method == "POST"}) == 2
    assert not any("Idempotency-Key" in r.headers for r in recorder.requests if r.method == "GET")


def test_a_refused_connection_is_retried_then_raised(scratch: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    client = Client("t", base_url=f"http://127.0.0.1:{port}", workspace=1, retries=Retries(2, backoff=0.01))
    with pytest.raises(TransportError) as caught:
        client.workspaces.get()
    assert not isinstance(caught.value, TimeoutError)


def test_a_silent_server_times_out_as_the_timeout_says() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    thread = threading.Thread(
        target=lambda: [accepted.append(listener.accept()[0]) for _ in range(2)], daemon=True
    )
    thread.start()
    port = listener.getsockname()[1]
    try:
        client = Client(
            "t", base_url=f"http://127.0.0.1:{port}", workspace=1, timeout=0.3, retries=Retries(1, 0.01)
        )
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            client.workspaces.get()
        assert 0.5 <= time.monotonic() - started < 5  # two attempts of 0.3 s
        thread.join(timeout=2)
        assert len(accepted) == 2
    finally:
        for conn in accepted:
            conn.close()
        listener.close()
