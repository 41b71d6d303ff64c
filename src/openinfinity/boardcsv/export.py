"""A board's items as a CSV file for people: one row per item, one column per attribute, each
cell written by its attribute type (`to_csv`), UTF-8 with a byte order mark.

Streamed: the rows are read in keyset pages of PAGE_SIZE items inside one read transaction (a
consistent snapshot of the board) and written out page by page, so the memory an export takes does
not grow with the board (bench/csv_export.py measures it on a board of a million items).
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from openinfinity.boardcsv.context import BOM, ID_COLUMN, csv_context, guard_formula
from openinfinity.boards.access import BoardContext
from openinfinity.core import history as recorder
from openinfinity.core.db import REQUEST_KEY, Database
from openinfinity.core.softdelete import live
from openinfinity.files.lookup import collect_ids, file_names
from openinfinity.items import values as item_values
from openinfinity.items.catalog import board_attributes
from openinfinity.items.filtering import sorting
from openinfinity.items.models import Item
from openinfinity.items.present import Column, columns
from openinfinity.schema.attributes.types.spreadsheet import CsvContext
from openinfinity.views.query import view_selection
from openinfinity.views.service import get_view

PAGE_SIZE = 1000


@dataclass(slots=True)
class Export:
    """Everything the streamed part needs, resolved in the request (so a bad view is a 404 before
    the first byte, not a broken download)."""

    filename: str
    header: list[str]
    columns: list[Column]
    ctx: CsvContext
    workspace_id: int
    selection: Select[Any]
    keys: list[sorting.SortColumn]


# What the rows carry: what computed types read from the item (see CsvContext.item).
_ITEM_COLUMNS = (Item.id, Item.created_at, Item.updated_at, Item.created_by, Item.folder_id)


async def prepare_export(session: AsyncSession, board: BoardContext, *, view_id: str | None) -> Export:
    attributes = await board_attributes(session, board.id)
    board_columns = columns(attributes, with_attribute=False)
    base: Select[Any] = select(*_ITEM_COLUMNS)  # type: ignore[assignment]
    if view_id:
        view = await get_view(session, board, view_id)
        plan = await view_selection(session, board, view, base)
    else:
        stmt: Select[Any] = base.where(Item.board_id == board.id, live(Item))
        # The board's own order (the manual order, then id).
        plan = sorting.plan(stmt, [])
    return Export(
        filename=f"{board.board.name or 'board'}.csv",
        header=[ID_COLUMN] + [column.attribute.name for column in board_columns],
        columns=board_columns,
        ctx=await csv_context(session, board),
        workspace_id=board.workspace.id,
        selection=plan.stmt.add_columns(*[c.expr for c in plan.columns]),
        keys=plan.columns,
    )


class _Rows:
    """A csv writer whose output is taken out after each page."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\r\n")

    def take(self) -> bytes:
        data = self.buffer.getvalue().encode("utf-8")
        self.buffer.seek(0)
        self.buffer.truncate()
        return data


async def stream(db: Database, export: Export, *, page_size: int = PAGE_SIZE) -> AsyncIterator[bytes]:
    """The CSV bytes, one chunk per page of items."""
    out = _Rows()
    out.buffer.write(BOM)
    out.writer.writerow([guard_formula(name) for name in export.header])
    yield out.take()
    width = len(_ITEM_COLUMNS)
    files = [c.id for c in export.columns if c.kind.kind == "attachments"]
    order = sorting.order_by(export.keys, backwards=False)
    async with db.transaction(write=False) as session:
        cursor: list[Any] | None = None
        while True:
            stmt = export.selection
            if cursor is not None:
                stmt = stmt.where(sorting.after(export.keys, cursor, backwards=False))
            # Core rows, not ORM ones: nothing here needs identity or relationships.
            connection = await session.connection()
            rows = (await connection.execute(stmt.order_by(*order).limit(page_size))).all()
            if not rows:
                return
            stored = await item_values.datas_of(connection, [row.id for row in rows])
            if files:
                datas = [data for item in stored.values() for a, data in item.items() if a in files]
                export.ctx.file_names = await file_names(session, export.workspace_id, collect_ids(datas))
            for row in rows:
                export.ctx.item = row
                by_attribute = stored[row.id]
                cells = [row.id]
                for column in export.columns:
                    data = by_attribute.get(column.id)
                    cells.append(guard_formula(column.kind.to_csv(data, column.attribute, export.ctx)))
                out.writer.writerow(cells)
            yield out.take()
            if len(rows) < page_size:
                return
            cursor = list(rows[-1][width:])


def content_disposition(filename: str) -> str:
    """An attachment header any browser reads: an ASCII fallback and the UTF-8 name (RFC 6266)."""
    ascii_name = "".join(
        ch if ch.isascii() and ch.isprintable() and ch not in '"\\' else "_" for ch in filename
    )
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


async def audit_export(db: Database, request: Request, board: BoardContext, view_id: str | None) -> None:
    """Record the export in the workspace's audit log (who, from which address), in its own short
    write transaction: the export itself only reads."""
    async with db.transaction() as session:
        session.info[REQUEST_KEY] = request
        recorder.audit(
            session,
            workspace_id=board.workspace.id,
            action="board.exported",
            target_type="board",
            target_id=board.id,
            details={"format": "csv", "view_id": view_id},
            principal=board.workspace.principal,
        )
