"""Issue 20 #8: `gc-attachments` never deletes an attachment that a committed write references,
while writes run alongside it (PostgreSQL runs them truly concurrently; SQLite serialises them).

The first test pins the losing interleaving down: an attach has checked its file and written
the value but not committed when the sweep runs. Before the fix the sweep (which cannot see the
uncommitted value) deleted the row and the file, and the attach then committed a value naming
a file that no longer existed. The second runs many attaches over HTTP against sweeps."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.attachments.gc import collect_garbage
from openinfinity.boards.access import get_visible
from openinfinity.files.models import Attachment
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.files.storage import ObjectMissing
from openinfinity.items import service as items_service
from openinfinity.items.schemas import ItemWrite
from openinfinity.items.values import values_of
from tests.factories import Account
from tests.factories_attachments import FilesBoard, create_item, files_board, install_runtime, upload
from tests.factories_items import board_context


@pytest.fixture
def runtime(app: FastAPI, tmp_path: Path) -> Iterator[AttachmentsRuntime]:
    previous = getattr(app.state, "attachments", None)
    yield install_runtime(app, tmp_path / "files")
    app.state.attachments = previous


async def _upload(client: httpx.AsyncClient, owner: Account, content: bytes) -> int:
    response = await upload(client, owner, content)
    assert response.status_code == 201, response.text
    attachment_id: int = response.json()["id"]
    return attachment_id


async def _exists(app: FastAPI, runtime: AttachmentsRuntime, attachment_id: int) -> bool:
    async with app.state.db.transaction(write=False) as session:
        row = await session.scalar(select(Attachment).where(Attachment.id == attachment_id))
    if row is None:
        return False
    try:
        await runtime.storage.size(row.path)
    except ObjectMissing:
        return False
    return True


async def _sweep(app: FastAPI, runtime: AttachmentsRuntime) -> int:
    summary = await collect_garbage(app.state.db, runtime.storage, grace_seconds=0)
    return summary.deleted


async def test_a_sweep_during_an_uncommitted_attach_keeps_the_file(
    app: FastAPI, client: httpx.AsyncClient, owner: Account, runtime: AttachmentsRuntime
) -> None:
    board = await files_board(app, owner)
    attached = await _upload(client, owner, b"attached while the sweep runs")
    orphan = await _upload(client, owner, b"nobody uses me")
    body = ItemWrite(
        folder_id=board.folder_id,
        values=[{"attribute_id": board.attribute_id, "data": [{"id": attached}]}],  # type: ignore[list-item]
    )
    async with app.state.db.transaction() as session:
        ctx = await get_visible(session, await board_context(session, owner), board.board_id)
        item = await items_service.create_item(session, ctx, body)
        sweep = asyncio.create_task(_sweep(app, runtime))
        # PostgreSQL: the sweep runs to its end while this write is open. SQLite: it waits for
        # this write's lock, so it cannot finish before the commit.
        await asyncio.wait({sweep}, timeout=5)
    await sweep
    # The attach committed: its file and row are there, and the value names it.
    assert await _exists(app, runtime, attached)
    async with app.state.db.transaction(write=False) as session:
        stored = (await values_of(session, [item.id]))[item.id]
    assert [v.data for v in stored] == [[attached]]
    # The sweep still removes what nobody references (now or on its next run).
    await _sweep(app, runtime)
    assert not await _exists(app, runtime, orphan)
    assert await _exists(app, runtime, attached)


async def _attach(client: httpx.AsyncClient, board: FilesBoard, attachment_id: int) -> int | None:
    """The attachment id if the attach answered 201 (it then must exist), else None."""
    response = await create_item(client, board, [{"id": attachment_id}])
    if response.status_code == 201:
        return attachment_id
    assert response.status_code == 422, response.text  # swept first: an unknown id, never a 500
    return None


async def test_attaches_racing_sweeps_never_lose_a_file_they_answered_201_for(
    app: FastAPI, client: httpx.AsyncClient, owner: Account, runtime: AttachmentsRuntime
) -> None:
    board = await files_board(app, owner)
    ids = [await _upload(client, owner, f"file {n}".encode()) for n in range(24)]

    async def sweeps() -> None:
        for _ in range(6):
            await _sweep(app, runtime)
            await asyncio.sleep(0)

    results = await asyncio.gather(sweeps(), *(_attach(client, board, i) for i in ids))
    attached = [i for i in results[1:] if i is not None]
    for attachment_id in attached:
        assert await _exists(app, runtime, attachment_id), attachment_id
    # Whatever was not attached is gone after one more sweep; the attached ones stay.
    await _sweep(app, runtime)
    for attachment_id in ids:
        assert await _exists(app, runtime, attachment_id) == (attachment_id in attached)
