"""An upload retried with its Idempotency-Key stores one file (the body, a multipart file larger
than what is kept in memory, is fingerprinted as it streams)."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from openinfinity.files.models import Attachment
from openinfinity.files.runtime import AttachmentsRuntime
from tests import factories


async def _count(app: FastAPI, workspace_id: int) -> int:
    async with app.state.db.transaction(write=False) as session:
        stmt = select(func.count()).select_from(Attachment).where(Attachment.workspace_id == workspace_id)
        return int(await session.scalar(stmt) or 0)


async def test_a_retried_upload_stores_one_file(
    client: httpx.AsyncClient,
    app: FastAPI,
    owner: factories.Account,
    runtime: AttachmentsRuntime,
    files_root: Path,
) -> None:
    content = bytes(range(256)) * 8 * 1024  # 2 MiB: spills to disk while fingerprinted

    async def send(key: str, data: bytes) -> httpx.Response:
        return await client.post(
            owner.ws("/attachments/file"),
            headers={**owner.headers, "Idempotency-Key": key},
            files={"file": ("big.bin", data, "application/octet-stream")},
        )

    first = await send("upload-1", content)
    assert first.status_code == 201, first.text
    again = await send("upload-1", content)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert await _count(app, owner.workspace_id) == 1
    assert (files_root / first.json()["path"]).read_bytes() == content

    # Another file under the same key is another request.
    other = await send("upload-1", content[:-1] + b"x")
    assert other.status_code == 422 and other.json()["code"] == "general/idempotency-key-reused"
    assert await _count(app, owner.workspace_id) == 1
