"""Time entries on the wire: the shapes of the hosted API (version 2026-04-20)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.core.timefmt import iso
from openinfinity.timetracking.models import TimeEntry

MAX_DESCRIPTION = 10_000


class TimeEntryCreate(BaseModel):
    item_id: str = Field(max_length=64, description="The item time is tracked on.")
    attribute_id: str = Field(max_length=64, description="A `time_tracking` attribute of the board.")
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)


class TimeEntryUpdate(BaseModel):
    ended_at: str | None = Field(
        default=None,
        max_length=64,
        description='When the entry ends: "YYYY-MM-DDTHH:MM:SS" (UTC) or ISO 8601 with an offset.',
        examples=["2026-04-20T17:30:00"],
    )
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)


class TimeEntryRead(BaseModel):
    id: str
    object: Literal["time_entry"] = "time_entry"
    item_id: str
    attribute_id: str
    started_at: str
    ended_at: str | None
    description: str | None
    created_by: int | None


def present_time_entry(entry: TimeEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "object": "time_entry",
        "item_id": entry.item_id,
        "attribute_id": entry.attribute_id,
        "started_at": iso(entry.started_at),
        "ended_at": iso(entry.ended_at),
        "description": entry.description,
        "created_by": entry.user_id,
    }
