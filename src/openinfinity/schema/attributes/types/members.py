"""`members`: an array of user ids, each a member of the workspace."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    IdLookup,
    InvalidValue,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.common import as_list, as_user_id
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, join_names, match_names


class UserListType(AttributeType):
    """A list of workspace members' ids (members, vote)."""

    empty: ClassVar[Any] = []
    # Types whose stored data is already a list of member ids.
    sources: ClassVar[frozenset[str]] = frozenset({"members", "vote"})
    # Ids, or with gt/gte/lt/lte their count.
    filtering: ClassVar[Filtering | None] = filtering.USERS
    sort_by: ClassVar[SortBy | None] = "number"

    def coerce(self, data: Any) -> list[int]:
        result: list[int] = []
        for raw in as_list(data):
            user_id = as_user_id(raw)
            if user_id not in result:
                result.append(user_id)
        return result

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        ids = self.coerce(data)
        if ids:
            if ctx.member_ids is None:
                raise InvalidValue("cannot be checked against the workspace members.")
            members = await ctx.member_ids()
            if any(user_id not in members for user_id in ids):
                raise InvalidValue("must contain ids of workspace members.")
        return ids

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        return SortKey(number=float(len(data)) if isinstance(data, list) else 0.0)

    def remap(self, data: Any, lookup: IdLookup) -> Any:
        mapped = (lookup("user", user_id) for user_id in self.coerce(data))
        return [user_id for user_id in mapped if user_id is not None]

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind not in self.sources:
            raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")
        return self.coerce(data)

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        ids = data if isinstance(data, list) else []
        return join_names([ctx.member_names.get(i, str(i)) for i in ids if isinstance(i, int)])

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        """Members by name or e-mail (any case); a name two members share must be an e-mail."""
        ids, unknown = match_names(text, ctx.member_keys)
        if unknown:
            raise InvalidValue(f'names someone who is not a member of the workspace: "{unknown[0]}".')
        if None in ids:
            raise InvalidValue("names a member by a name several members share: use their e-mail.")
        return ids


@register
class MembersType(UserListType):
    kind: ClassVar[str] = "members"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "array", "items": {"type": "integer"}, "description": "User ids"},
        [1975],
        "Ids of workspace members",
    )
