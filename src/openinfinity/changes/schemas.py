"""The change feed's JSON shapes (the page for polling clients; SSE events carry the same)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from openinfinity.changes import cursor
from openinfinity.changes.service import ChangesPage


class ChangeRead(BaseModel):
    id: str  # the cursor of this change
    event: str
    payload: dict[str, Any]


class ChangesRead(BaseModel):
    data: list[ChangeRead]
    after: str  # the cursor to ask from next time
    has_more: bool


def present_page(board_id: str, page: ChangesPage) -> dict[str, Any]:
    return {
        "data": [
            {"id": cursor.encode(board_id, c.id), "event": c.event, "payload": c.payload}
            for c in page.changes
        ],
        "after": cursor.encode(board_id, page.after),
        "has_more": page.has_more,
    }
