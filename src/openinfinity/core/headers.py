from __future__ import annotations

from datetime import datetime

from openinfinity.core.timefmt import http_date


def last_modified(updated_at: datetime | None) -> dict[str, str]:
    """`Last-Modified` for a resource with an update time (read by the conditional-GET layer)."""
    return {"Last-Modified": http_date(updated_at)} if updated_at else {}
