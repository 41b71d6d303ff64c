"""The look-ups a CSV export or import of a board needs, loaded once: members (by id for
writing, by name and e-mail for reading) and folder names."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attributes.types.spreadsheet import CsvContext
from openinfinity.boards.access import BoardContext
from openinfinity.folders.models import Folder
from openinfinity.members.service import directory

# Byte order mark: spreadsheet apps read a CSV as UTF-8 only when it starts with one.
BOM = "\ufeff"
# The first column of an export: the item's id.
ID_COLUMN = "id"


async def csv_context(
    session: AsyncSession, board: BoardContext, *, create_labels: bool = False
) -> CsvContext:
    ctx = CsvContext(create_labels=create_labels)
    for user_id, name, email in await directory(session, board.workspace.id):
        ctx.member_names[user_id] = name or email
        for key in {name.strip().lower(), email.strip().lower()} - {""}:
            # A name two members share names neither (None); an e-mail is unique.
            ctx.member_keys[key] = None if key in ctx.member_keys and key != email.lower() else user_id
    rows = await session.execute(select(Folder.id, Folder.name).where(Folder.board_id == board.id))
    ctx.folder_names = {folder_id: name for folder_id, name in rows}
    return ctx
