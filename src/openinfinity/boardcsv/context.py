"""The look-ups a CSV export or import of a board needs, loaded once: members (by id for
writing, by name and e-mail for reading) and folder names."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.members.service import directory
from openinfinity.schema.attributes.types.spreadsheet import CsvContext
from openinfinity.schema.folders.models import Folder

# Byte order mark: spreadsheet apps read a CSV as UTF-8 only when it starts with one.
BOM = "\ufeff"
# The first column of an export: the item's id.
ID_COLUMN = "id"

# Spreadsheet apps run a cell that starts with = + - @ (or a tab/CR before one) as a formula:
# a value someone typed into a board ("=HYPERLINK(...)", "-2+3+cmd|...") must not run on the
# computer of whoever opens the export. Such cells get a leading apostrophe (what people type
# in a spreadsheet to mean "text"), and the import takes it off again. Numbers and phone
# numbers ("-3", "+1 (206) 555-0100") are left as they are: no formula is made of those characters.
_FORMULA_START = ("=", "@", "\t", "\r", "+", "-")
_HARMLESS = re.compile(r"[+-][0-9 .,()+-]*")


def guard_formula(cell: str) -> str:
    if cell.startswith(_FORMULA_START) and not _HARMLESS.fullmatch(cell):
        return "'" + cell
    return cell


def unguard_formula(cell: str) -> str:
    if cell.startswith("'") and cell[1:].startswith(_FORMULA_START):
        return cell[1:]
    return cell


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
