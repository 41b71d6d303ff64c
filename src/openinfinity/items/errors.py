"""Errors of the items domain, in the API envelope (see core.errors)."""

from __future__ import annotations

from openinfinity.core.errors import Conflict


class AmbiguousMatch(Conflict):
    """An upsert's match value names more than one item: the caller must resolve it (we do not
    pick one, since updating the wrong item silently is worse than refusing)."""

    code = "items/ambiguous-match"

    def __init__(self, attribute_id: str, count: int) -> None:
        super().__init__(
            f"{count} items have this value of attribute {attribute_id}: an upsert needs at most one."
        )
