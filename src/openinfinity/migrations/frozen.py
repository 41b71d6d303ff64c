"""Frozen copies of the few application functions that migrations need.

A migration runs against the schema of its own day, so it must not import application code that
later changes (a renamed function would break `openinfinity migrate` on an old database). What
migrations 0008 and 0009 need of `items/search.py` is copied here as it was when they were written;
a test checks that the copy still computes the keys the application writes today.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

SEARCH_EPOCH = datetime(2020, 1, 1)
_TIE_BITS = 12
_MAX_MICROS = (1 << (63 - _TIE_BITS)) - 1


def search_key(created_at: datetime, item_id: str) -> int:
    """The search document id of an item (as items/search.py computed it in migration 0008)."""
    delta = created_at.replace(tzinfo=None) - SEARCH_EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    micros = max(-_MAX_MICROS, min(_MAX_MICROS, micros))
    head = item_id.encode()[:2].ljust(2, b"\0")
    return (micros << _TIE_BITS) | (head[0] << 4) | (head[1] >> 4)


def renumbering(docs: Iterable[tuple[int, str, datetime | str]]) -> list[dict[str, int]]:
    """`{"old", "new"}` for each (id, item_id, item created_at) document whose id is not yet its
    search key, bumping past keys already taken."""
    rows = list(docs)
    taken = {doc_id for doc_id, _, _ in rows}
    changes = []
    for doc_id, item_id, created_at in rows:
        stamp = created_at if isinstance(created_at, datetime) else datetime.fromisoformat(str(created_at))
        key = search_key(stamp, item_id)
        while key in taken and key != doc_id:
            key += 1
        if key != doc_id:
            taken.add(key)
            changes.append({"old": doc_id, "new": key})
    return changes
