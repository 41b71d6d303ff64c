"""Importing a CSV file into a board: each row becomes an item, created through the same service
function as `POST …/items` (so events, change feed, history and search are exactly those of the
API); with a match column, through the natural-key upsert (items/upsert.py), so a second import
of the same file updates its items instead of duplicating them.

All or nothing: the whole file runs in one savepoint of the request's transaction. Every row is
checked (and written) even after an error, so one answer lists every problem; when there is any,
or when the caller asked for a dry run, the savepoint is rolled back and nothing stays.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.attributes.service import AttributeChanges, update_attribute
from openinfinity.boardcsv.context import ID_COLUMN, csv_context
from openinfinity.boardcsv.read import Sheet
from openinfinity.boards.access import BoardContext
from openinfinity.core.errors import ValidationFailed
from openinfinity.items import service as items
from openinfinity.items import upsert
from openinfinity.items.catalog import board_attributes
from openinfinity.items.errors import AmbiguousMatch
from openinfinity.items.schemas import ItemWrite, ValueWrite
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.base import InvalidValue
from openinfinity.schema.attributes.types.label import labels_of
from openinfinity.schema.attributes.types.spreadsheet import CsvContext

# Enough to fix a file by; the count says how many there were in all.
MAX_REPORTED_ERRORS = 500


@dataclass(frozen=True, slots=True)
class ImportOptions:
    # CSV column -> attribute id or name; None skips the column.
    mapping: dict[str, str | None] = field(default_factory=dict)
    create_labels: bool = False
    dry_run: bool = False
    folder_id: str | None = None
    # Attribute name or id whose value identifies an item: a row whose value an item already has
    # updates that item (the natural-key upsert) instead of creating another.
    match: str | None = None


@dataclass(slots=True)
class RowError:
    row: int
    column: str | None
    message: str

    def present(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(slots=True)
class Report:
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    columns: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[dict[str, Any]] = field(default_factory=list)
    new_labels: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    item_ids: list[str] = field(default_factory=list)

    def present(self) -> dict[str, Any]:
        return {
            "object": "import",
            "dry_run": self.dry_run,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
            "new_labels": self.new_labels,
            "error_count": len(self.errors),
            "errors": [e.present() for e in self.errors[:MAX_REPORTED_ERRORS]],
            "item_ids": [] if self.dry_run else self.item_ids,
        }


class CsvImportFailed(ValidationFailed):
    """Rows or columns that do not fit the board: nothing was imported; `report` lists each."""

    code = "items/csv-import-failed"

    def __init__(self, report: Report) -> None:
        self.report = report
        errors: dict[str, list[str]] = {}
        for error in report.errors[:MAX_REPORTED_ERRORS]:
            where = f"row {error.row}" + (f": {error.column}" if error.column else "")
            errors.setdefault(where, []).append(f"Row {error.row}, {error.column or 'file'}: {error.message}")
        super().__init__(errors)
        count = len(report.errors)
        self.message = f"Nothing was imported: the file has {count} error{'s' if count != 1 else ''}. " + (
            report.errors[0].message if count else ""
        )

    def body(self) -> dict[str, Any]:
        return {**super().body(), "report": self.report.present()}


@dataclass(frozen=True, slots=True)
class Target:
    """A CSV column that writes an attribute."""

    index: int
    name: str
    attribute: Attribute


def _find(attributes: dict[str, Attribute], key: str) -> list[Attribute]:
    if key in attributes:
        return [attributes[key]]
    wanted = key.strip().lower()
    return [a for a in attributes.values() if a.name.strip().lower() == wanted]


def map_columns(
    sheet: Sheet, attributes: dict[str, Attribute], options: ImportOptions, report: Report
) -> list[Target]:
    """Match each column to an attribute (by the mapping, else by name, any case)."""
    targets: list[Target] = []
    used: dict[str, str] = {}
    for name in options.mapping:
        if name not in sheet.header:
            report.errors.append(RowError(1, name, "The mapping names a column the file does not have."))
    for index, name in enumerate(sheet.header):
        if name in options.mapping:
            key = options.mapping[name]
            if key is None:
                report.ignored_columns.append({"column": name, "reason": "Mapped to nothing."})
                continue
            found = _find(attributes, key)
        elif name.lower() == ID_COLUMN:
            report.ignored_columns.append(
                {"column": name, "reason": "Item ids are not imported: new items get new ids."}
            )
            continue
        else:
            found = _find(attributes, name)
        if not found:
            report.errors.append(
                RowError(
                    1,
                    name,
                    f'The column "{name}" matches no attribute of the board: '
                    "rename it, map it to an attribute, or map it to nothing to skip it.",
                )
            )
            continue
        if len(found) > 1:
            report.errors.append(
                RowError(1, name, f'The column "{name}" matches several attributes: map it to one by its id.')
            )
            continue
        attribute = found[0]
        kind = registry.get(attribute.type)
        if kind is None or not kind.csv_importable:
            report.ignored_columns.append(
                {"column": name, "reason": f"{attribute.type} values are not imported (computed or files)."}
            )
            continue
        if attribute.id in used:
            report.errors.append(
                RowError(
                    1, name, f'The columns "{used[attribute.id]}" and "{name}" both write "{attribute.name}".'
                )
            )
            continue
        used[attribute.id] = name
        targets.append(Target(index, name, attribute))
        report.columns.append({"column": name, "attribute_id": attribute.id, "attribute": attribute.name})
    return targets


def _shown(cell: str) -> str:
    cell = cell.strip().replace("\n", " ")
    return cell if len(cell) <= 60 else cell[:57] + "..."


@dataclass(slots=True)
class Row:
    """One row as the API takes it: the values of its filled cells, and the values its empty cells
    clear when the row updates an item (a new item simply has no value there)."""

    number: int
    values: list[ValueWrite]
    cleared: list[ValueWrite]


def parse_row(
    number: int, cells: list[str], targets: list[Target], header: list[str], ctx: CsvContext, report: Report
) -> Row | None:
    """The row's values; None when a cell does not parse (the errors are in the report)."""
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        report.errors.append(RowError(number, None, "The row has more cells than the header has columns."))
        return None
    row = Row(number, [], [])
    ok = True
    for target in targets:
        cell = cells[target.index] if target.index < len(cells) else ""
        kind = registry.get(target.attribute.type)
        assert kind is not None  # map_columns kept known types only
        if not cell.strip():
            row.cleared.append(ValueWrite(attribute_id=target.attribute.id, data=kind.empty))
            continue
        try:
            data = kind.from_csv(cell, target.attribute, ctx)
        except InvalidValue as exc:
            report.errors.append(RowError(number, target.name, f'"{_shown(cell)}" {exc}'))
            ok = False
            continue
        row.values.append(ValueWrite(attribute_id=target.attribute.id, data=data))
    return row if ok else None


async def _add_labels(
    session: AsyncSession,
    board: BoardContext,
    attributes: dict[str, Attribute],
    ctx: CsvContext,
    report: Report,
) -> None:
    """Save the labels the file named and the board did not have (create_labels=true)."""
    for attribute_id, added in ctx.new_labels.items():
        if not added:
            continue
        attribute = attributes[attribute_id]
        settings = {**(attribute.settings or {}), "labels": labels_of(attribute) + added}
        await update_attribute(session, board, attribute, AttributeChanges(settings=settings))
        report.new_labels += [
            {"attribute": attribute.name, "attribute_id": attribute.id, "name": label["name"]}
            for label in added
        ]


def _column_of(field_name: str, values: list[ValueWrite], targets: list[Target]) -> str | None:
    """`values.3.data` -> the CSV column that wrote value 3."""
    parts = field_name.split(".")
    if len(parts) >= 2 and parts[0] == "values" and parts[1].isdigit() and int(parts[1]) < len(values):
        attribute_id = values[int(parts[1])].attribute_id
        return next((t.name for t in targets if t.attribute.id == attribute_id), None)
    return None


def _predicate(message: str, field_name: str) -> str:
    """ "The values.3.data field must be a number." -> "must be a number." """
    for prefix in (f"The {field_name} field ", f"The {field_name} "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


async def _save(
    session: AsyncSession, board: BoardContext, row: Row, folder_id: str, match: Target | None
) -> tuple[items.SaveResult, list[ValueWrite]]:
    """Create the row's item or, with a match column, update the item that has its value.
    Returns the outcome and the values sent (to name the column of an error)."""
    created = ItemWrite(folder_id=folder_id, values=row.values)
    if match is None:
        return items.SaveResult(await items.create_item(session, board, created), created=True), row.values
    if await upsert.matched_item(session, board, match.attribute.id, ItemWrite(values=row.values)) is None:
        return await upsert.upsert_item(session, board, match.attribute.id, created), row.values
    # An update writes the empty cells too (they clear), and never moves the item.
    values = row.values + row.cleared
    return await upsert.upsert_item(session, board, match.attribute.id, ItemWrite(values=values)), values


async def _write_row(
    session: AsyncSession,
    board: BoardContext,
    row: Row,
    targets: list[Target],
    folder_id: str,
    match: Target | None,
    report: Report,
) -> None:
    number, values = row.number, row.values
    try:
        result, values = await _save(session, board, row, folder_id, match)
    except ValidationFailed as exc:
        for field_name, messages in exc.errors.items():
            # "values" alone: the match column's value is missing.
            column = (
                match.name if field_name == "values" and match else _column_of(field_name, values, targets)
            )
            for message in messages:
                report.errors.append(RowError(number, column, _predicate(message, field_name)))
        return
    except AmbiguousMatch as exc:
        report.errors.append(RowError(number, match.name if match else None, exc.message))
        return
    if result.created:
        report.created += 1
    else:
        report.updated += 1
    report.item_ids.append(result.item.id)


def _match_target(targets: list[Target], key: str | None, report: Report) -> Target | None:
    """The column whose attribute identifies items (`match`), checked once for the whole file."""
    if not key:
        return None
    wanted = key.strip().lower()
    for target in targets:
        if target.attribute.id == key or target.attribute.name.strip().lower() == wanted:
            if not upsert.matchable(target.attribute):
                report.errors.append(
                    RowError(
                        1,
                        target.name,
                        f"The match column must be a text, number, e-mail or phone "
                        f"attribute, not {target.attribute.type}.",
                    )
                )
                return None
            return target
    report.errors.append(RowError(1, None, f'The match attribute "{key}" is not a column of the file.'))
    return None


async def import_sheet(
    session: AsyncSession, board: BoardContext, sheet: Sheet, options: ImportOptions
) -> Report:
    """Import the rows (or, dry, say what an import would do). Raises CsvImportFailed when a row
    or column does not fit, unless it is a dry run, whose report lists the errors instead."""
    report = Report(dry_run=options.dry_run, rows=len(sheet.rows))
    folder_id = await items.import_folder(session, board, options.folder_id)
    async with session.begin_nested() as savepoint:
        attributes = await board_attributes(session, board.id)
        targets = map_columns(sheet, attributes, options, report)
        match = _match_target(targets, options.match, report)
        ctx = await csv_context(session, board, create_labels=options.create_labels)
        parsed = [
            parse_row(number, cells, targets, sheet.header, ctx, report) for number, cells in sheet.rows
        ]
        await _add_labels(session, board, attributes, ctx, report)
        for row in parsed:
            if row is not None:
                await _write_row(session, board, row, targets, folder_id, match, report)
                # SQLite statements run on the event loop without suspending (core/sqlite_inline):
                # let the server's other requests in between two rows of a long file.
                await asyncio.sleep(0)
        if options.dry_run or report.errors:
            await savepoint.rollback()
    report.errors.sort(key=lambda e: e.row)
    if report.errors and not options.dry_run:
        raise CsvImportFailed(report)
    return report
