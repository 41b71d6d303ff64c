"""Test helpers for attachments: a runtime on temporary storage, multipart uploads, images."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from PIL import Image

from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.files.storage import Storage
from openinfinity.files.storage.local import LocalStorage
from tests import factories_boards
from tests.factories import Account


def install_runtime(
    app: FastAPI, root: Path, *, storage: Storage | None = None, **overrides: Any
) -> AttachmentsRuntime:
    """Point the app's attachments at `root` (or `storage`) with settings overrides."""
    values: dict[str, Any] = {"secret_key": "test-secret-key", "storage_dir": root}
    values.update(overrides)
    settings = app.state.settings.model_copy(update=values)
    runtime = AttachmentsRuntime.build(settings, storage or LocalStorage(root))
    app.state.attachments = runtime
    return runtime


async def upload(
    client: httpx.AsyncClient,
    account: Account,
    content: bytes,
    *,
    name: str = "notes.txt",
    content_type: str = "text/plain",
    workspace_id: int | None = None,
) -> httpx.Response:
    ws = account.workspace_id if workspace_id is None else workspace_id
    return await client.post(
        f"/api/v2/workspaces/{ws}/attachments/file",
        headers=account.headers,
        files={"file": (name, content, content_type)},
    )


def png_bytes(width: int = 800, height: int = 600, *, mode: str = "RGB") -> bytes:
    image = Image.new(mode, (width, height), (200, 30, 60) if mode == "RGB" else (200, 30, 60, 128))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def relative(link: str) -> str:
    """A signed link as a path for the test client (links carry the public base URL)."""
    return link.removeprefix("http://testserver")


@dataclass
class FilesBoard:
    """A board with one folder and one `attachments` attribute, made through the real services."""

    account: Account
    board_id: str
    folder_id: str
    attribute_id: str

    def url(self, path: str = "") -> str:
        return self.account.ws(f"/boards/{self.board_id}{path}")


async def files_board(app: FastAPI, account: Account) -> FilesBoard:
    board = await factories_boards.board(app, account, name="Files")
    attribute = await factories_boards.attribute(app, account, board.id, type="attachments", name="Image")
    folder = await factories_boards.folder(app, account, board.id, name="Inbox")
    return FilesBoard(account, board.id, folder.id, attribute.id)


async def create_item(client: httpx.AsyncClient, board: FilesBoard, data: Any) -> httpx.Response:
    """POST an item whose attachments value is `data` (e.g. [{"id": 5}])."""
    body = {"folder_id": board.folder_id, "values": [{"attribute_id": board.attribute_id, "data": data}]}
    return await client.post(
        board.url("/items"), params={"expand[]": "values"}, json=body, headers=board.account.headers
    )


async def item_with(client: httpx.AsyncClient, board: FilesBoard, ids: list[int]) -> str:
    response = await create_item(client, board, [{"id": i} for i in ids])
    assert response.status_code == 201, response.text
    item_id: str = response.json()["id"]
    return item_id
