"""Reading an uploaded CSV file into a header and numbered rows, refusing what is not one.

Row numbers are those a spreadsheet shows: the header is row 1, the first item row 2 (a quoted
cell spanning several lines is still one row). Comma, semicolon and tab separated files are read
(spreadsheet apps in many locales save with semicolons).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openinfinity.boardcsv.context import BOM, unguard_formula
from openinfinity.core.errors import ValidationFailed
from openinfinity.core.storable import text_flaw

MAX_COLUMNS = 500
_DELIMITERS = (",", ";", "\t")


class CsvFileInvalid(ValidationFailed):
    """The file as a whole cannot be read (encoding, emptiness, size in rows, shape)."""

    code = "items/csv-file-invalid"

    def __init__(self, message: str) -> None:
        super().__init__({"file": [f"The file {message}"]})


@dataclass(slots=True)
class Sheet:
    header: list[str]
    # (row number as a spreadsheet shows it, cells)
    rows: list[tuple[int, list[str]]]


def _text(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CsvFileInvalid(
            f"is not UTF-8 text (byte {exc.start + 1} is not valid UTF-8): "
            'save it as "CSV UTF-8" from your spreadsheet app.'
        ) from None
    text = text.removeprefix(BOM)
    if not text.strip():
        raise CsvFileInvalid("is empty.")
    flaw = text_flaw(text)
    if flaw is not None:
        raise CsvFileInvalid(flaw)
    return text


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of comma, semicolon and tab."""
    first = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=first.count)


def read_sheet(raw: bytes, *, max_rows: int) -> Sheet:
    text = _text(raw)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(cell.strip() for cell in cells):
                continue
            cells = [unguard_formula(cell) for cell in cells]
            if header is None:
                header = [cell.strip() for cell in cells]
                if len(header) > MAX_COLUMNS:
                    raise CsvFileInvalid(f"must not have more than {MAX_COLUMNS} columns.")
                continue
            if len(rows) >= max_rows:
                raise CsvFileInvalid(
                    f"must not have more than {max_rows} rows (one file per {max_rows} items)."
                )
            rows.append((number, cells))
    except csv.Error as exc:
        raise CsvFileInvalid(f"is not a valid CSV file (row {reader.line_num}: {exc}).") from None
    if header is None:
        raise CsvFileInvalid("is empty.")
    if not rows:
        raise CsvFileInvalid("has no rows below its header.")
    return Sheet(header, rows)
