"""The contract every attribute type implements. One module per type registers one subclass.

A type owns, in one place: validating `settings`, validating and normalising `data` and
`default_data`, the text a value contributes to search, the key it sorts and compares by,
how filters, sorted views, `q` search and upserts treat its values, converting values from
another type, presenting stored data on read, and writing and reading its values as CSV cells.
Nothing outside `schema/attributes/types/` keeps a table keyed by type names: the code that filters,
sorts, searches or converts asks the registry. Every hook has a safe default (the default leaves
the type out of that feature) so a simple type overrides only what differs, except `to_csv`: the
registry refuses a type that does not say how a person reads it. docs/attribute-types.md lists
the hooks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.spreadsheet import CsvContext


class InvalidValue(ValueError):
    """Raised by a type when data does not fit; the message is the predicate of a 422 message,
    e.g. "must be a number." (the caller prefixes "The values.0.data field ")."""


@dataclass(slots=True)
class ValueContext:
    """What a type may need to know beyond the data itself, loaded lazily by the caller."""

    workspace_id: int
    board_id: str
    user_id: int | None = None
    # Async look-ups provided by the items service (kept as callables so types import no service).
    member_ids: Callable[[], Awaitable[set[int]]] | None = None
    # Which of the given attachment ids the caller may use in a value on this board.
    attachment_ids: Callable[[list[int]], Awaitable[set[int]]] | None = None
    extras: dict[str, Any] = field(default_factory=dict)


# (kind of object, its id in the source) -> its id here; kinds: "user", "item", "attachment".
IdLookup = Callable[[str, Any], Any]


@dataclass(frozen=True, slots=True)
class SortKey:
    """Derived compare keys stored beside the data (Value.number_key / Value.text_key)."""

    number: float | None = None
    text: str | None = None


# What orders a type's values in a sorted view: its stored text key, its stored number key, or
# the item column it derives from (`AttributeType.item_column`).
SortBy = Literal["text", "number", "item"]
# How a value names an item in an upsert: by its text key (case and surrounding spaces ignored)
# or by its number key.
MatchBy = Literal["text", "number"]


class AttributeType:
    kind: ClassVar[str]
    # Computed types (created_at, created_by, updated_at) derive their value from the item.
    computed: ClassVar[bool] = False
    # False when values are written elsewhere (reference: through the References endpoint).
    writable: ClassVar[bool] = True
    # Where a non-writable type's values are written (named in the 422 a value write gets).
    written_through: ClassVar[str] = "the References endpoint"
    # default_data when an attribute is created without one, and what an empty value becomes
    # when the attribute's type changes.
    empty: ClassVar[Any] = None
    # How the OpenAPI document shows this type's data: (JSON schema, example, one line of
    # description). None documents the data as any JSON.
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = None
    # Settings under which the value_shape example is valid (e.g. the labels it names); the
    # registry tests write the example with them.
    example_settings: ClassVar[dict[str, Any]] = {}

    # --- Filters, sorting, search, upserts: read through the registry by the items' filter
    # grammar and compiler, sorting, search document and upsert. Defaults leave the type out.
    # The filter family and the operators a condition may use (schema/attributes/types/filtering.py).
    # None: a condition on the type is refused ("cannot be filtered").
    filtering: ClassVar[Filtering | None] = None
    # What a sorted view orders values by (see SortBy). None: the view refuses the sort (422).
    sort_by: ClassVar[SortBy | None] = None
    # Computed types: the `items` column the value derives from, read by filters ("item_*"
    # families) and by sort_by "item".
    item_column: ClassVar[str | None] = None
    # Whether values add text to the item's search document (`q`). False: `search_text` is None.
    searchable: ClassVar[bool] = False
    # Text value types: their search text ranks first (the document's primary_text).
    search_primary: ClassVar[bool] = False
    # How a value identifies an item in an upsert (`match=`). None: not a match attribute.
    match_by: ClassVar[MatchBy | None] = None
    # A text-like target: a value its own `convert` refuses is converted from its search text
    # under the old type instead (label names, checklist entries, link names and URLs).
    converts_search_text: ClassVar[bool] = False

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        """Return the settings to store; raise InvalidValue for settings that cannot work."""
        return settings

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        """Return `data` in its stored form or raise InvalidValue. Clients may send scalars as
        strings; coerce where the meaning is unambiguous."""
        return data

    async def normalise_default(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        """`default_data` follows the same rules as data unless a type says otherwise."""
        return await self.normalise(data, attribute, ctx)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        """Text this value adds to the item's full-text document (None adds nothing); only a
        `searchable` type returns text."""
        return None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        """The keys stored beside the data, which filters and `sort_by` read."""
        return SortKey()

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        """Data of another type converted to this one; raise InvalidValue when it does not
        convert cleanly (the type change is then refused with a 422 naming the value)."""
        raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")

    def present(self, data: Any, attribute: Attribute, ctx: dict[str, Any]) -> Any:
        """Stored data as the API returns it (e.g. attachments with fresh signed links)."""
        return data

    # False for types whose CSV cells are only read (files, references, computed values): an
    # import skips their columns.
    csv_importable: ClassVar[bool] = True

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        """The stored data as a person reads it in a spreadsheet cell ("" for no value).
        Every type defines it (the registry checks); there is no default."""
        raise NotImplementedError

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        """A cell (never empty: an empty cell clears the value) turned into API data, which
        `normalise` then checks as for any write; raise InvalidValue with a predicate."""
        return text

    def remap(self, data: Any, lookup: IdLookup) -> Any:
        """Data copied from another server (an import) with the ids of other objects it names
        translated to their ids here; ids `lookup` does not know (None) are dropped. Types whose
        data names no other object keep the default (labels are ids inside the attribute's
        settings, copied with it)."""
        return data
