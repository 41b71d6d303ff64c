"""Record fields -> column values: the small conversions every kind shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from openinfinity.core.models import utcnow


def when(value: Any) -> datetime:
    """An ISO timestamp from the source as naive UTC (now when absent or unreadable)."""
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return utcnow()
        return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    return utcnow()


def number(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def text(value: Any, limit: int) -> str | None:
    if value is None:
        return None
    return str(value)[:limit]


def object_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def string_list(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []
