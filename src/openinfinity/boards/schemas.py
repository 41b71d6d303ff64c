from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from openinfinity.boards.models import Board
from openinfinity.boards.rows import BoardRow
from openinfinity.boards.sort_order import format_sort_order
from openinfinity.core.bounds import DbId

HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class BoardRead(BaseModel):
    id: str
    object: Literal["board"] = "board"
    name: str
    sort_order: str
    color: str | None
    description: str | None
    og_image: str | None
    user_ids: list[int]
    deleted: bool


class BoardWrite(BaseModel):
    """Create (name required, checked by the service) and update (every field optional; only the
    fields sent change). Unknown fields are ignored."""

    name: str | None = Field(default=None, max_length=255)
    description: str | None = Field(default=None, max_length=65535)
    color: str | None = Field(default=None, max_length=16)
    user_ids: list[DbId] | None = Field(default=None, max_length=10000)
    # A number or a numeric string, checked by boards.sort_order.parse_sort_order.
    sort_order: Any = None

    @field_validator("color")
    @classmethod
    def _hex(cls, value: str | None) -> str | None:
        if value is not None and not HEX_COLOR.fullmatch(value):
            raise ValueError("must be a valid hex color.")
        return value


def present_board(board: Board | BoardRow, user_ids: list[int]) -> dict[str, Any]:
    return {
        "id": board.id,
        "object": "board",
        "name": board.name,
        "sort_order": format_sort_order(board.sort_order),
        "color": board.color,
        "description": board.description,
        "og_image": board.og_image,
        "user_ids": user_ids,
        "deleted": board.deleted_at is not None,
    }
