"""What the types need to write and read CSV cells, and the cell conventions they share.

Conventions (docs/csv.md states them for users):
- several names in one cell (labels, members, files) are joined with ", "; on import a name that
  itself contains ", " is still found, because cells are matched against the known names first;
- entries that carry text of their own (links, checklist entries) take one line each;
- numbers are plain decimals, dates ISO 8601, checkboxes true/false.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

SEPARATOR = ", "


@dataclass(slots=True)
class CsvContext:
    """Look-ups loaded once per export or import (never one query per cell)."""

    # user id -> how a person names them (their name, or their e-mail when they have none)
    member_names: dict[int, str] = field(default_factory=dict)
    # lower-cased name or e-mail -> user id; None for a name two members share
    member_keys: dict[str, int | None] = field(default_factory=dict)
    folder_names: dict[str, str] = field(default_factory=dict)
    # attachment id -> file name, for the rows being written
    file_names: dict[int, str] = field(default_factory=dict)
    # The row's item (for computed types): any object with created_at, updated_at, created_by
    # and folder_id.
    item: Any = None
    # Import: unknown label names become new labels (collected here per attribute id).
    create_labels: bool = False
    new_labels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Per-attribute look-ups a type builds once per export (e.g. label id -> name), by attribute id.
    memo: dict[str, Any] = field(default_factory=dict)


def plain_number(number: Any) -> str:
    """A number as people write it: no exponent, no trailing ".0" (1e20 -> 100000000000000000000)."""
    if number is None or isinstance(number, bool):
        return ""
    if isinstance(number, int):
        return str(number)
    if isinstance(number, float):
        if number.is_integer() and abs(number) < 2**63:
            return str(int(number))
        text = format(Decimal(repr(number)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(number)


def join_names(names: list[str]) -> str:
    return SEPARATOR.join(names)


def match_names(cell: str, known: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Split a cell of ", "-joined names into the values of `known` (lower-cased name -> value).
    Returns (found values, unknown names). The longest run of comma-separated parts that is a
    known name wins, so "Research, design" is one label when a label has that name."""
    parts = [part.strip() for part in cell.split(",")]
    found: list[Any] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            name = ", ".join(parts[i:j]).strip().lower()
            if name in known:
                found.append(known[name])
                i = j
                break
        else:
            if parts[i]:
                unknown.append(parts[i])
            i += 1
    return found, unknown


def lines(cell: str) -> list[str]:
    return [line.strip() for line in cell.replace("\r\n", "\n").split("\n") if line.strip()]
