"""Fixtures: a real server per backend for the session, a client, a fresh board per test."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from infinity_client import Client
from sdk_testing import (
    BACKENDS,
    POSTGRES_URL,
    BoardSetup,
    Receiver,
    Server,
    postgres,
    receiving,
    running_server,
)


@pytest.fixture(scope="session", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp(f"sdk-{request.param}")
    if request.param == "sqlite":
        with running_server(f"sqlite:///{tmp / 'sdk.db'}", tmp) as running:
            yield running
        return
    assert POSTGRES_URL
    name = f"sdk_{uuid.uuid4().hex[:10]}"
    postgres("create", name)
    try:
        with running_server(POSTGRES_URL.rsplit("/", 1)[0] + "/" + name, tmp) as running:
            yield running
    finally:
        postgres("drop", name)


@pytest.fixture
def client(server: Server) -> Iterator[Client]:
    with server.client() as client:
        yield client


@pytest.fixture
def board(client: Client) -> BoardSetup:
    """A fresh board with a folder and attributes of several types (Name, Status, Estimate, Done, Files)."""
    board = client.boards.create(name=f"SDK {uuid.uuid4().hex[:6]}")
    folder = client.folders.create(board, name="Backlog")
    client.attributes.create(board, name="Name", type="text")
    labels = [{"id": str(uuid.uuid4()), "name": n, "color": "#00aa00"} for n in ("Todo", "Doing", "Done")]
    status = client.attributes.create(
        board, name="Status", type="label", settings={"labels": labels, "multiple": False}
    )
    client.attributes.create(board, name="Estimate", type="number")
    client.attributes.create(board, name="Done", type="checkbox")
    client.attributes.create(board, name="Files", type="attachments")
    client.attributes.create(board, name="Due", type="date")
    client.attributes.create(board, name="Steps", type="checklist")
    return BoardSetup(board, folder, status)


@pytest.fixture(scope="session")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="sdk-scratch-") as path:
        yield Path(path)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as server:
        yield server
