"""A board as read for a request: a frozen row, not an ORM entity (no identity map, no
attribute instrumentation). Routes that change the board load the ORM `Board` by id."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy.sql.elements import KeyedColumnElement

from openinfinity.boards.models import Board


@dataclass(frozen=True, slots=True)
class BoardRow:
    id: str
    workspace_id: int
    name: str
    description: str | None
    color: str | None
    og_image: str | None
    sort_order: float
    created_by: int | None
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None

    @classmethod
    def from_row(cls, values: Sequence[Any]) -> BoardRow:
        """From the row's values in the order of the columns below."""
        return cls(*values)

    @classmethod
    def of(cls, board: Board) -> BoardRow:
        """The row of an entity already loaded (a board just created, the demo, the tests)."""
        return cls(*(getattr(board, name) for name in BOARD_FIELDS))


BOARD_FIELDS = tuple(f.name for f in fields(BoardRow))
# The columns in the dataclass's order: `BoardRow(*row[:len(BOARD_COLUMNS)])`.
BOARD_COLUMNS: tuple[KeyedColumnElement[Any], ...] = tuple(Board.__table__.c[name] for name in BOARD_FIELDS)
