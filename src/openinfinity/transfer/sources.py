"""What the ingest layer reads from: a source yields batches of records of one kind, in an order
where what an object needs is already written (boards before folders before items ...)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

# Markers written when every comment of an item has been copied, so a resumed remote import does
# not list them again (one request per item is most of a remote import's requests).
COMMENTS_DONE = "comments-of"

Known = Callable[[str, Any], bool]


@dataclass(slots=True)
class Batch:
    kind: str
    records: list[dict[str, Any]]
    # (kind, source id) recorded once the batch is written (see COMMENTS_DONE).
    marker: tuple[str, str] | None = None


@dataclass(slots=True)
class Progress:
    """Where a source is: the board being read, its items so far and in all (where known)."""

    board: str | None = None
    board_items: int = 0
    board_total: int | None = None
    totals: dict[str, int] = field(default_factory=dict)


class Source(Protocol):
    kind: str  # "remote" or "archive"
    location: str  # the URL or the archive's export id: with `workspace`, names the run
    workspace: str  # the source workspace id
    progress: Progress

    def batches(self, known: Known) -> AsyncIterator[Batch]:
        """Every record; `known(kind, id)` says what is already copied (a source may skip
        reading what depends only on that)."""
        ...

    def open(self, attachment: dict[str, Any]) -> AsyncIterator[bytes]:
        """The file of an attachment record, in chunks."""
        ...

    async def aclose(self) -> None: ...


def parents_first(folders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Folders ordered so each comes after its parent (nested folders of any depth)."""
    by_id = {f["id"]: f for f in folders}
    out: list[dict[str, Any]] = []
    placed: set[str] = set()

    def place(folder: dict[str, Any], depth: int = 0) -> None:
        if folder["id"] in placed or depth > len(folders):
            return
        parent = by_id.get(folder.get("parent_folder_id") or "")
        if parent is not None:
            place(parent, depth + 1)
        placed.add(folder["id"])
        out.append(folder)

    for folder in folders:
        place(folder)
    return out
