"""`vote`: the ids of the workspace members who voted."""

from __future__ import annotations

from typing import ClassVar

from openinfinity.attributes.types.members import UserListType
from openinfinity.attributes.types.registry import register


@register
class VoteType(UserListType):
    kind: ClassVar[str] = "vote"
