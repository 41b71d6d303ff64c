from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import IO

from infinity_client._async._core import AsyncCore
from infinity_client._async.items import AsyncItems
from infinity_client._refs import BoardRef, ItemRef, WorkspaceRef, item_scope, workspace_id
from infinity_client.models import Attachment, AttachmentFile, Item

# Content to upload: bytes, a path, or an open binary file (read once, so a retry resends it).
FileArg = bytes | str | Path | IO[bytes]


def _content(file: FileArg, filename: str | None) -> tuple[str, bytes]:
    if isinstance(file, bytes):
        return filename or "file", file
    if isinstance(file, str | Path):
        path = Path(file)
        return filename or path.name, path.read_bytes()
    name = filename or Path(str(getattr(file, "name", "file"))).name
    return name, file.read()


class AsyncAttachments:
    """Files: upload one (or have the server fetch a URL), download one, attach one to an item."""

    def __init__(self, core: AsyncCore, items: AsyncItems) -> None:
        self._core = core
        self._items = items

    def _path(self, workspace: WorkspaceRef | None) -> str:
        return f"/api/v2/workspaces/{workspace_id(workspace, self._core.workspace)}/attachments"

    async def upload(
        self,
        file: FileArg,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Attachment:
        name, data = _content(file, filename)
        kind = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        files = {"file": (name, data, kind)}
        return await self._core.call(Attachment, "POST", self._path(workspace) + "/file", files=files)

    async def from_url(self, url: str, *, workspace: WorkspaceRef | None = None) -> Attachment:
        """The server downloads `url` and stores it as an attachment."""
        return await self._core.call(Attachment, "POST", self._path(workspace) + "/url", json={"url": url})

    async def download(
        self, attachment: Attachment | AttachmentFile | str, *, thumbnail: bool = False
    ) -> bytes:
        """The file's bytes through its signed link (`thumbnail=True`: the thumbnail's)."""
        if isinstance(attachment, str):
            link: str | None = attachment
        else:
            link = attachment.thumb if thumbnail else attachment.link
        if not link:
            raise ValueError("this attachment has no link (fetch it again, or it has no thumbnail)")
        response = await self._core.fetch(link)
        return response.content

    async def attach(
        self,
        item: ItemRef,
        attribute: str,
        file: FileArg,
        *,
        filename: str | None = None,
        content_type: str | None = None,
        board: BoardRef | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Item:
        """Upload `file` and add it to the item's `attribute` (name or id; an `attachments`
        attribute), keeping the files already there. Returns the updated item."""
        scope, item_id = item_scope(item, board, workspace, self._core.workspace)
        uploaded = await self.upload(
            file, filename=filename, content_type=content_type, workspace=scope.workspace
        )
        current = await self._items.get(scope.board, item_id, expand=["values"], workspace=scope.workspace)
        files = [{"id": f.id} for f in current.values.attachments(attribute)] + [{"id": uploaded.id}]
        return await self._items.update(current, values={attribute: files})
