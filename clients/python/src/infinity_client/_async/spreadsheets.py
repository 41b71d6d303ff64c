"""A board's items as a CSV file, and a CSV file as items (openinfinity)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import IO

from infinity_client._async._core import AsyncCore
from infinity_client._async.attachments import FileArg, _content
from infinity_client._base import path_id, query
from infinity_client._refs import BoardRef, WorkspaceRef, board_scope
from infinity_client.models import CsvImport, Folder, View


class AsyncCsv:
    """`export` writes the board's items to a file (streamed, never all in memory), `stream`
    yields the file's bytes, `import_file` turns a CSV file into items (all or nothing)."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    async def stream(
        self, board: BoardRef, *, view: View | str | None = None, workspace: WorkspaceRef | None = None
    ) -> AsyncIterator[bytes]:
        """The CSV file's bytes as they arrive (UTF-8 with a byte order mark); `view`: only its
        items, in its order."""
        path = board_scope(board, workspace, self._core.workspace).path + "/items.csv"
        params = query({"view": path_id(view) if view is not None else None})
        response = await self._core.request_stream(path, headers={}, params=params)
        try:
            async for chunk in response.aiter_bytes():
                yield chunk
        finally:
            await response.aclose()

    async def export(
        self,
        board: BoardRef,
        to: str | Path | IO[bytes],
        *,
        view: View | str | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> int:
        """Write the CSV file to a path or an open binary file; returns the number of bytes."""
        written = 0
        # A local file, written chunk by chunk as the network delivers them (closed below).
        target = open(to, "wb") if isinstance(to, str | Path) else to  # noqa: ASYNC230, SIM115
        try:
            async for chunk in self.stream(board, view=view, workspace=workspace):
                target.write(chunk)
                written += len(chunk)
        finally:
            if target is not to:
                target.close()
        return written

    async def import_file(
        self,
        board: BoardRef,
        file: FileArg,
        *,
        filename: str | None = None,
        mapping: Mapping[str, str | None] | None = None,
        match: str | None = None,
        folder: Folder | str | None = None,
        create_labels: bool = False,
        dry_run: bool = False,
        workspace: WorkspaceRef | None = None,
    ) -> CsvImport:
        """Import a CSV file whose header names the board's attributes. `mapping` maps other
        column names to attributes (None skips a column); `match` (an attribute name or id)
        updates the item with the row's value instead of creating one; `create_labels` adds the
        labels the file names; `dry_run` reports without writing. A file that does not fit
        raises `ValidationError` whose body lists every problem, and imports nothing."""
        name, content = _content(file, filename)
        data = {"create_labels": str(create_labels).lower(), "dry_run": str(dry_run).lower()}
        if mapping:
            data["mapping"] = json.dumps(dict(mapping))
        if match is not None:
            data["match"] = match
        if folder is not None:
            data["folder_id"] = path_id(folder)
        path = board_scope(board, workspace, self._core.workspace).path + "/items/import"
        files = {"file": (name or "items.csv", content, "text/csv")}
        return await self._core.call(CsvImport, "POST", path, data=data, files=files)
