"""The API's timestamp format: `2020-11-25T15:31:38.000000Z`, always UTC. Input is read more
leniently (`parse_iso`): any ISO 8601 date or date-time, as date values and `deleted_at` accept."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import format_datetime


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def http_date(value: datetime) -> str:
    return format_datetime(value.replace(tzinfo=UTC, microsecond=0), usegmt=True)


def parse_iso(data: str) -> date | datetime:
    """An ISO 8601 date ("2023-05-25") or date-time ("2023-05-25T10:00:00Z", "2023-05-25 10:00:00");
    a date-time comes back in UTC (one without offset is taken as UTC). ValueError otherwise."""
    raw = data.strip()
    if len(raw) == 10:
        return date.fromisoformat(raw)
    if len(raw) < 10 or raw[10] not in "Tt ":
        raise ValueError("not ISO 8601")
    value = datetime.fromisoformat(raw)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
