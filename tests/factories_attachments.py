"""Test helpers for attachments: a runtime on temporary storage, multipart uploads, images."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from PIL import Image

from openinfinity.attachments.runtime import AttachmentsRuntime
from openinfinity.attachments.storage import Storage
from openinfinity.attachments.storage.local import LocalStorage
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


async def attachments_board(app: FastAPI, account: Account) -> tuple[str, str, str]:
    """(board id, folder id, attribute id) of a new board with an `attachments` attribute.

    Raw rows: the boards/items services arrive with issue 3; switch to them once merged."""
    from openinfinity.attributes.models import Attribute
    from openinfinity.boards.models import Board
    from openinfinity.folders.models import Folder

    async with app.state.db.transaction() as session:
        board = Board(workspace_id=account.workspace_id, name="Files", created_by=account.user_id)
        session.add(board)
        await session.flush()
        folder = Folder(board_id=board.id, name="Inbox")
        attribute = Attribute(board_id=board.id, name="Image", type="attachments", default_data=[])
        session.add_all([folder, attribute])
        await session.flush()
        return board.id, folder.id, attribute.id


async def item_with_attachments(
    app: FastAPI, board: tuple[str, str, str], ids: list[int], *, deleted: bool = False
) -> str:
    from openinfinity.core.models import utcnow
    from openinfinity.items.models import Item, Value

    board_id, folder_id, attribute_id = board
    async with app.state.db.transaction() as session:
        item = Item(board_id=board_id, folder_id=folder_id, deleted_at=utcnow() if deleted else None)
        session.add(item)
        await session.flush()
        session.add(Value(item_id=item.id, attribute_id=attribute_id, data=ids))
        await session.flush()
        return item.id
