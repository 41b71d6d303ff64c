"""Source ids -> ids here, for one run: loaded from `transfer_objects` when a run resumes and
extended as objects are written."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Kinds whose ids are integers (the others are strings: short ids and UUIDs).
INTEGER_KINDS = frozenset({"user", "workspace", "attachment"})


def key_of(source_id: Any) -> str:
    return str(source_id)


class IdMap:
    def __init__(self, rows: Iterable[tuple[str, str, str]] = ()) -> None:
        self._ids: dict[tuple[str, str], str] = {(kind, s): t for kind, s, t in rows}

    def has(self, kind: str, source_id: Any) -> bool:
        return (kind, key_of(source_id)) in self._ids

    def add(self, kind: str, source_id: Any, target_id: Any) -> None:
        self._ids[(kind, key_of(source_id))] = str(target_id)

    def get(self, kind: str, source_id: Any) -> Any:
        """The id here of a copied object, None when it was not copied (yet)."""
        if source_id is None:
            return None
        found = self._ids.get((kind, key_of(source_id)))
        if found is None:
            return None
        return int(found) if kind in INTEGER_KINDS else found

    def strings(self, kinds: Iterable[str]) -> dict[str, str]:
        """Every remapped string id of `kinds` (source -> here): for settings that name objects
        inside free-form JSON (view filters, folder settings)."""
        wanted = set(kinds)
        return {s: t for (kind, s), t in self._ids.items() if kind in wanted and s != t}


def translate(data: Any, renamed: dict[str, str]) -> Any:
    """`data` with every string equal to a renamed id replaced (dict keys too)."""
    if not renamed:
        return data
    if isinstance(data, str):
        return renamed.get(data, data)
    if isinstance(data, list):
        return [translate(v, renamed) for v in data]
    if isinstance(data, dict):
        return {renamed.get(k, k): translate(v, renamed) for k, v in data.items()}
    return data
