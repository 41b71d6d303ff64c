"""Creating attachments (streamed to storage, then one short transaction for the row), loading
them for links and values. Uploads never hold a database transaction open while bytes flow."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

import anyio
from sqlalchemy import ColumnElement, cast, exists, func, or_, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attachments import fetch
from openinfinity.attachments.files import SNIFF_BYTES, clean_name, content_type_for, storage_key
from openinfinity.attachments.lookup import collect_ids
from openinfinity.attachments.models import Attachment
from openinfinity.attachments.runtime import AttachmentsRuntime
from openinfinity.attachments.thumbnails import thumbnail_of
from openinfinity.attachments.upload import IncomingFile
from openinfinity.attributes.models import Attribute
from openinfinity.auth.principal import Principal
from openinfinity.boards.access import BoardContext, visible_boards
from openinfinity.boards.models import Board
from openinfinity.core.db import Database
from openinfinity.core.errors import PayloadTooLarge
from openinfinity.core.softdelete import live
from openinfinity.items.models import Item, Value
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


async def usable_ids(session: AsyncSession, board: BoardContext, ids: Iterable[int]) -> set[int]:
    """Which of `ids` the caller may put in an `attachments` value on `board`: attachments of the
    workspace that the caller uploaded (they hold the bytes already), or that a live value on a
    board the caller can see already references. Anything else would hand the caller a signed
    link to a file they cannot see (attachment ids are sequential, so they are easy to guess)."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    # FOR SHARE (PostgreSQL) until this write commits: `gc-attachments` cannot delete a file
    # between this check and the commit of the value that lists it (see attachments/gc.py).
    rows = await session.execute(
        select(Attachment.id, Attachment.created_by)
        .where(Attachment.workspace_id == board.workspace.id, Attachment.id.in_(wanted))
        .with_for_update(read=True)
    )
    usable: set[int] = set()
    others: list[int] = []
    for attachment_id, uploader in rows:
        if uploader == board.user_id:
            usable.add(attachment_id)
        else:
            others.append(attachment_id)
    if others:
        # This board first: re-saving an item's files is the common case, and it is one board.
        usable |= await _seen_in_values(session, board, others, this_board_only=True)
        rest = [i for i in others if i not in usable]
        if rest:
            usable |= await _seen_in_values(session, board, rest, this_board_only=False)
    return usable


async def _seen_in_values(
    session: AsyncSession, board: BoardContext, ids: list[int], *, this_board_only: bool
) -> set[int]:
    """The ids among `ids` that a live `attachments` value on a board the caller sees lists."""
    stmt = (
        select(Value.data)
        .join(Item, Item.id == Value.item_id)
        .join(Attribute, Attribute.id == Value.attribute_id)
        .where(
            Attribute.type == "attachments",
            live(Attribute),
            live(Item),
            _lists_any(Value.data, ids, session.get_bind().dialect.name),
        )
    )
    if this_board_only:
        stmt = stmt.where(Item.board_id == board.id)
    else:
        stmt = stmt.where(Item.board_id.in_(visible_boards(board.workspace).with_only_columns(Board.id)))
    found = collect_ids((await session.scalars(stmt)).all())
    return set(found) & set(ids)


def _lists_any(data: Any, ids: list[int], dialect: str) -> ColumnElement[bool]:
    """The JSON array `data` contains one of `ids`."""
    if dialect == "postgresql":
        return or_(*[cast(data, JSONB).contains([i]) for i in ids])
    each = func.json_each(data).table_valued("value")
    return exists(select(1).select_from(each).where(each.c.value.in_(ids)))
