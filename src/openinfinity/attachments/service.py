"""Creating attachments (streamed to storage, then one short transaction for the row), loading
them for links and values. Uploads never hold a database transaction open while bytes flow."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attachments import fetch
from openinfinity.attachments.thumbnails import thumbnail_of
from openinfinity.attachments.upload import IncomingFile
from openinfinity.auth.principal import Principal
from openinfinity.core.db import Database
from openinfinity.core.errors import PayloadTooLarge
from openinfinity.files.models import Attachment
from openinfinity.files.names import SNIFF_BYTES, clean_name, content_type_for, storage_key
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.workspaces import service as workspaces
from openinfinity.workspaces.service import WorkspaceContext

# Overall limit on a download from a URL, in multiples of the per-operation timeout, so a server
# that trickles one byte at a time cannot hold the request forever.
FETCH_DEADLINE_FACTOR = 10


@dataclass(slots=True)
class StoredFile:
    key: str
    thumb_key: str | None
    original_name: str
    size: int
    content_type: str


async def access(db: Database, principal: Principal, workspace_id: int) -> WorkspaceContext:
    """The workspace check in its own short read transaction (an upload may take minutes; a
    write transaction held that long would block every other writer on SQLite)."""
    async with db.transaction(write=False) as session:
        return await workspaces.access(session, principal, workspace_id)


def too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The file is larger than the upload limit of {limit} bytes.")


async def _capped(chunks: AsyncIterator[bytes], limit: int, head: bytearray) -> AsyncIterator[bytes]:
    total = 0
    async for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise too_large(limit)
        if len(head) < SNIFF_BYTES:
            head += chunk[: SNIFF_BYTES - len(head)]
        yield chunk


async def store(
    runtime: AttachmentsRuntime,
    *,
    workspace_id: int,
    name: str,
    chunks: AsyncIterator[bytes],
    type_hint: str | None = None,
) -> StoredFile:
    """Stream `chunks` into storage under a random key (cap enforced as bytes arrive; nothing is
    left behind when it is exceeded), then make a thumbnail if the file is an image."""
    storage = runtime.storage
    original = clean_name(name)
    key = storage_key(workspace_id, original)
    head = bytearray()
    size = await storage.save(key, _capped(chunks, runtime.settings.max_upload_bytes, head))
    content_type = content_type_for(original, bytes(head), type_hint)
    thumb_key: str | None = None
    try:
        thumb = await thumbnail_of(storage, key, size=size, content_type=content_type)
        if thumb is not None:
            data, ext = thumb
            thumb_key = key.rsplit("/", 1)[0] + f"/thumbs/{key.rsplit('/', 1)[1].split('.')[0]}.{ext}"
            await storage.save(thumb_key, _single(data))
    except BaseException:
        with anyio.CancelScope(shield=True):
            await discard(runtime, key, thumb_key)
        raise
    return StoredFile(key, thumb_key, original, size, content_type)


async def _single(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def discard(runtime: AttachmentsRuntime, *keys: str | None) -> None:
    for key in keys:
        if key:
            await runtime.storage.delete(key)


async def add(session: AsyncSession, ctx: WorkspaceContext, stored: StoredFile) -> Attachment:
    """The row for a stored file, in the caller's transaction (the demo loader builds a whole
    workspace in one)."""
    attachment = Attachment(
        workspace_id=ctx.id,
        path=stored.key,
        thumb_path=stored.thumb_key,
        original_name=stored.original_name,
        filesize=stored.size,
        content_type=stored.content_type,
        created_by=ctx.user_id,
    )
    session.add(attachment)
    await session.flush()
    return attachment


async def record(
    db: Database, runtime: AttachmentsRuntime, ctx: WorkspaceContext, stored: StoredFile
) -> Attachment:
    """The row for a stored file, in one transaction; the stored objects are removed if it fails."""
    try:
        async with db.transaction() as session:
            return await add(session, ctx, stored)
    except BaseException:
        with anyio.CancelScope(shield=True):
            await discard(runtime, stored.key, stored.thumb_key)
        raise


async def create_from_upload(
    db: Database, runtime: AttachmentsRuntime, ctx: WorkspaceContext, incoming: IncomingFile
) -> Attachment:
    stored = await store(
        runtime,
        workspace_id=ctx.id,
        name=incoming.filename,
        chunks=incoming.chunks,
        type_hint=incoming.content_type,
    )
    return await record(db, runtime, ctx, stored)


async def create_from_url(
    db: Database, runtime: AttachmentsRuntime, ctx: WorkspaceContext, url: str
) -> Attachment:
    settings = runtime.settings
    limit = settings.max_upload_bytes
    try:
        with anyio.fail_after(settings.attachment_fetch_timeout * FETCH_DEADLINE_FACTOR):
            async with fetch.open_remote(
                url.strip(),
                allow_private=settings.allow_private_urls,
                read_timeout=settings.attachment_fetch_timeout,
                max_bytes=limit,
            ) as remote:
                stored = await store(
                    runtime,
                    workspace_id=ctx.id,
                    name=remote.filename,
                    chunks=remote.chunks,
                    type_hint=remote.content_type,
                )
    except TimeoutError as exc:
        raise fetch.FetchFailed("the download took too long.") from exc
    return await record(db, runtime, ctx, stored)


async def get(session: AsyncSession, attachment_id: int) -> Attachment | None:
    return await session.get(Attachment, attachment_id)
