"""Issue 20 #3: an attachment id is usable in a value only where its caller can see the file:
their own uploads, or files a live value on a board they see already lists. A file of a hidden
board answers exactly like an id that does not exist (ids are sequential)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from openinfinity.files.runtime import AttachmentsRuntime
from tests import factories
from tests.factories_attachments import (
    FilesBoard,
    create_item,
    files_board,
    install_runtime,
    item_with,
    upload,
)


@pytest.fixture
def runtime(app: FastAPI, tmp_path: Path) -> Iterator[AttachmentsRuntime]:
    previous = getattr(app.state, "attachments", None)
    yield install_runtime(app, tmp_path / "files")
    app.state.attachments = previous


async def _upload(client: httpx.AsyncClient, account: factories.Account, content: bytes) -> int:
    response = await upload(client, account, content, name="f.txt")
    assert response.status_code == 201, response.text
    attachment_id: int = response.json()["id"]
    return attachment_id


def _as(board: FilesBoard, account: factories.Account) -> FilesBoard:
    return FilesBoard(account, board.board_id, board.folder_id, board.attribute_id)


async def _refusal(client: httpx.AsyncClient, board: FilesBoard, data: Any) -> dict[str, Any]:
    response = await create_item(client, board, data)
    assert response.status_code == 422, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_restricted_member_cannot_borrow_a_hidden_boards_file(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    visible = await files_board(app, owner)
    hidden = await files_board(app, owner)
    restricted = await factories.member(app, owner.workspace_id, role="restricted-member")
    listed = await client.put(
        owner.ws(f"/boards/{visible.board_id}"),
        json={"user_ids": [restricted.user_id]},
        headers=owner.headers,
    )
    assert listed.status_code == 200, listed.text
    secret = await _upload(client, owner, b"hidden board's file")
    await item_with(client, hidden, [secret])
    unattached = await _upload(client, owner, b"owner's unattached upload")
    shared = await _upload(client, owner, b"on the visible board")
    await item_with(client, visible, [shared])

    as_member = _as(visible, restricted)
    unknown = await _refusal(client, as_member, [{"id": 2_000_000_000}])
    for forbidden in (secret, unattached):
        refused = await _refusal(client, as_member, [{"id": forbidden}])
        assert refused == unknown  # the same answer as an id that does not exist
        assert str(forbidden) not in refused["message"]
    # What they may see or hold stays usable: a file on their board, and their own upload.
    own = await _upload(client, restricted, b"member's own")
    response = await create_item(client, as_member, [{"id": shared}, {"id": own}])
    assert response.status_code == 201, response.text
    # A full member sees every board: the hidden board's file is usable by them.
    full = await factories.member(app, owner.workspace_id, role="full-member")
    response = await create_item(client, _as(visible, full), [{"id": secret}])
    assert response.status_code == 201, response.text
    # Now listed on their board, they see it (and its link) there: usable.
    item_id = response.json()["id"]
    again = await create_item(client, as_member, [{"id": secret}])
    assert again.status_code == 201, again.text
    deleted = await client.delete(visible.url(f"/items/{again.json()['id']}"), headers=owner.headers)
    assert deleted.status_code == 200, deleted.text
    # Once no value on a board they see lists it any more, it is refused again.
    deleted = await client.delete(visible.url(f"/items/{item_id}"), headers=owner.headers)
    assert deleted.status_code == 200, deleted.text
    assert await _refusal(client, as_member, [{"id": secret}]) == unknown
