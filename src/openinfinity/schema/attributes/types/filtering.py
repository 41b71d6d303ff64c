"""Filter families: how a filter condition on a type reads its value and compiles to SQL.

A type names its family and operators on its class (`AttributeType.filtering`). A family is the
filter grammar's and compiler's vocabulary (items' grammar.py and filters.py): a new type picks
the family whose stored keys it fills the same way (a text key, a number key, a JSON array of ids,
an item column) and may narrow the operators; a new family needs compiler code as well.
"""

from __future__ import annotations

from dataclasses import dataclass

EMPTINESS = ("is_empty", "is_not_empty")
_DATE_OPS = (
    "is",
    "is_not",
    "before",
    "after",
    "on_or_before",
    "on_or_after",
    "gt",
    "gte",
    "lt",
    "lte",
    "between",
)
_MEMBERSHIP_OPS = ("is", "is_not", "contains", "not_contains", "in", "not_in")
_COMPARISONS = ("gt", "gte", "lt", "lte")


@dataclass(frozen=True, slots=True)
class Filtering:
    """A filter family and the operators a condition on the type may use."""

    family: str
    operators: tuple[str, ...]


# Text key (lower-cased) and search text: equality, patterns and lists.
TEXT = Filtering(
    "text",
    ("is", "is_not", "contains", "not_contains", "starts_with", "ends_with", "in", "not_in", *EMPTINESS),
)
# Number key.
NUMBER = Filtering("number", ("is", "is_not", *_COMPARISONS, "between", "in", "not_in", *EMPTINESS))
# Number key 1.0 when checked; no value counts as unchecked.
CHECKBOX = Filtering("checkbox", ("is", "is_not"))
# Number key holding epoch seconds; a date without a time means the whole UTC day.
DATE = Filtering("date", (*_DATE_OPS, *EMPTINESS))
# JSON array of label ids of the attribute's settings.
LABEL = Filtering("label", (*_MEMBERSHIP_OPS, *EMPTINESS))
# JSON array of user ids; comparisons compare the count (number key).
USERS = Filtering("users", (*_MEMBERSHIP_OPS, *_COMPARISONS, *EMPTINESS))
# Number key holding the done fraction (0..1).
CHECKLIST = Filtering("checklist", ("is", *_COMPARISONS, *EMPTINESS))
# JSON array of item ids.
REFERENCE = Filtering("reference", ("contains", "not_contains", "in", "not_in", *EMPTINESS))
# JSON array of files: only whether there are any.
ATTACHMENTS = Filtering("attachments", EMPTINESS)
# The item's own columns (computed types, `AttributeType.item_column`).
ITEM_DATE = Filtering("item_date", _DATE_OPS)
ITEM_USER = Filtering("item_user", ("is", "is_not", "in", "not_in", *EMPTINESS))
ITEM_FOLDER = Filtering("item_folder", ("is", "is_not", "in", "not_in"))
