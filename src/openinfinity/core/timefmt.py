"""The API's timestamp format: `2020-11-25T15:31:38.000000Z`, always UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def http_date(value: datetime) -> str:
    return format_datetime(value.replace(tzinfo=UTC, microsecond=0), usegmt=True)
