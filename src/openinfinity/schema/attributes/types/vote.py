"""`vote`: the ids of the workspace members who voted."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.types.members import UserListType
from openinfinity.schema.attributes.types.registry import register


@register
class VoteType(UserListType):
    kind: ClassVar[str] = "vote"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "array", "items": {"type": "integer"}, "description": "User ids"},
        [1975],
        "Ids of the users who voted",
    )
