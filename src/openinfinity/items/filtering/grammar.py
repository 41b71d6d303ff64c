"""The filter condition grammar shared by views (`settings.filter`) and `GET …/items?filter=`.

    filter    := {"combinator": "AND" | "OR", "conditions": [node, ...]}   (combinator defaults to AND)
    node      := condition | group
    group     := {"combinator": "AND" | "OR", "conditions": [node, ...]}   (nested up to 5 levels)
    condition := {"attributeId": <id of an attribute of the board>, "operator": <op>, "value": <v>}

Operators fit the attribute's type (listed below in the API description). `is_empty` and
`is_not_empty` take no value; `in` / `not_in` take a non-empty list; `between` takes [low, high];
the others one value of the type: a string for text kinds, a number for numbers (numeric strings
accepted), true/false for checkboxes, an ISO 8601 date or date-time for dates, a label id, a user
id, an item id or a folder id.

Semantics: a negative operator (is_not, not_contains, not_in) matches exactly the items its positive
twin does not match, including items without a value. Text compares case-insensitively. For labels,
members, votes and references, `is`/`contains` mean "has all of the given", `in` "has any of the
given". Dates compare in UTC; a date without a time means the whole UTC day (`is` that day,
`before` earlier days, `after` later days); gt/gte/lt/lte on dates are after/on_or_after/before/
on_or_before. Checklist values compare as the done fraction (0..1); members and votes also compare
their count with gt/gte/lt/lte.

Cost: a filter may cost at most 100 units (422 otherwise, naming the filter). A text pattern
condition (contains, not_contains, starts_with, ends_with) scans each item's text: 5 units. Each
id of a label, member or reference condition is its own look-up: 1 unit per id. Any other
condition: 1 unit. Text values count their first 255 characters. A filter that still runs longer
than the server's query time budget answers 503 general/query-timeout.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from openinfinity.core.bounds import parse_db_id
from openinfinity.core.errors import ValidationFailed, merge_validation
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import registry
from openinfinity.schema.attributes.types.filtering import EMPTINESS, Filtering

MAX_DEPTH = 5
MAX_CONDITIONS = 200
MAX_LIST = 100
# The cost budget (see the module docstring). Measured on a 100,000-item board (docs/hardening.md):
# text patterns dominate, and each membership id is one EXISTS sub-query.
MAX_COST = 100
PATTERN_COST = 5
PATTERNS = frozenset({"contains", "not_contains", "starts_with", "ends_with"})

# Families whose values are lists of ids (membership tests on the JSON data).
MEMBERSHIP = frozenset({"label", "users", "reference"})


@dataclass(frozen=True, slots=True)
class Span:
    """A point in time, or a whole UTC day when the client gave a date without a time."""

    start: datetime  # naive UTC
    end: datetime  # exclusive; start + 1 day for a day, == start for a moment

    @property
    def is_day(self) -> bool:
        return self.end != self.start


@dataclass(frozen=True, slots=True)
class Condition:
    attribute: Attribute
    family: str
    operator: str
    value: Any  # normalised for the family and operator


@dataclass(frozen=True, slots=True)
class Group:
    combinator: str  # "AND" | "OR"
    nodes: tuple[Condition | Group, ...]


EMPTY = Group("AND", ())


def filtering_of(attribute: Attribute) -> Filtering | None:
    """The type's filter family and operators (None: its type cannot be filtered)."""
    kind = registry.get(attribute.type)
    return None if kind is None else kind.filtering


class _Errors:
    def __init__(self) -> None:
        self.items: list[ValidationFailed] = []

    def invalid(self, path: str) -> None:
        self.items.append(ValidationFailed({path: [f"The selected {path} is invalid."]}))

    def field(self, path: str, predicate: str) -> None:
        self.items.append(ValidationFailed.field(path, predicate))


def parse_filter(raw: Any, attributes: dict[str, Attribute], *, path: str, strict: bool = True) -> Group:
    """Validate a filter object (or a bare list of conditions) into a Group.

    strict: raise one 422 listing every bad path. Not strict (running a saved view whose board has
    changed since): conditions that no longer fit are dropped instead.
    """
    errors = _Errors()
    counter = [0]
    if isinstance(raw, list):
        raw = {"conditions": raw}
    if raw is None or raw == {}:
        return EMPTY
    group = _group(raw, attributes, path, errors, depth=0, counter=counter, strict=strict)
    if errors.items and strict:
        raise merge_validation(errors.items)
    spent = cost(group) if group is not None else 0
    if spent > MAX_COST:
        # Always refused, strict or not: a saved view must not cost more than a request may.
        raise ValidationFailed.field(
            path,
            f"is too costly: {spent} units, at most {MAX_COST} (a text contains, not_contains, "
            f"starts_with or ends_with condition counts {PATTERN_COST}, each id of a label, member or "
            "reference condition 1, any other condition 1).",
        )
    return group or EMPTY


def cost(node: Condition | Group) -> int:
    """What evaluating `node` costs, in the units of the module docstring."""
    if isinstance(node, Group):
        return sum(cost(child) for child in node.nodes)
    if node.family == "text" and node.operator in PATTERNS:
        return PATTERN_COST
    if node.family in MEMBERSHIP and isinstance(node.value, tuple):
        return max(1, len(node.value))
    return 1


def _group(
    raw: Any,
    attributes: dict[str, Attribute],
    path: str,
    errors: _Errors,
    *,
    depth: int,
    counter: list[int],
    strict: bool,
) -> Group | None:
    if not isinstance(raw, dict):
        errors.field(path, "must be an object.")
        return None
    if depth > MAX_DEPTH:
        errors.field(path, f"must not nest groups deeper than {MAX_DEPTH} levels.")
        return None
    combinator = raw.get("combinator", "AND")
    if not isinstance(combinator, str) or combinator.upper() not in ("AND", "OR"):
        errors.invalid(f"{path}.combinator")
        combinator = "AND"
    conditions = raw.get("conditions", [])
    if not isinstance(conditions, list):
        errors.field(f"{path}.conditions", "must be an array.")
        return None
    nodes: list[Condition | Group] = []
    for index, entry in enumerate(conditions):
        counter[0] += 1
        if counter[0] > MAX_CONDITIONS:
            errors.field(path, f"must not have more than {MAX_CONDITIONS} conditions.")
            return None
        where = f"{path}.conditions.{index}"
        node: Condition | Group | None
        if isinstance(entry, dict) and "conditions" in entry and "attributeId" not in entry:
            node = _group(entry, attributes, where, errors, depth=depth + 1, counter=counter, strict=strict)
        else:
            node = _condition(entry, attributes, where, errors if strict else _Errors())
        if node is not None:
            nodes.append(node)
    return Group(combinator.upper(), tuple(nodes))


def _condition(raw: Any, attributes: dict[str, Attribute], path: str, errors: _Errors) -> Condition | None:
    if not isinstance(raw, dict):
        errors.field(path, "must be an object.")
        return None
    attribute_id = raw.get("attributeId")
    attribute = attributes.get(attribute_id) if isinstance(attribute_id, str) else None
    if attribute is None:
        if attribute_id is None:
            errors.items.append(ValidationFailed.required(f"{path}.attributeId"))
        else:
            errors.invalid(f"{path}.attributeId")
        return None
    filtering = filtering_of(attribute)
    if filtering is None:
        errors.field(f"{path}.attributeId", f"names a {attribute.type} attribute, which cannot be filtered.")
        return None
    family, allowed = filtering.family, filtering.operators
    operator = raw.get("operator")
    if not isinstance(operator, str) or operator not in allowed:
        if operator is None:
            errors.items.append(ValidationFailed.required(f"{path}.operator"))
        else:
            errors.field(
                f"{path}.operator",
                f"must be one of {', '.join(allowed)} for a {attribute.type} attribute.",
            )
        return None
    if operator in EMPTINESS:
        return Condition(attribute, family, operator, None)
    try:
        value = _value(family, operator, raw.get("value"), attribute)
    except ValueError as exc:
        errors.field(f"{path}.value", str(exc))
        return None
    return Condition(attribute, family, operator, value)


# --- values -------------------------------------------------------------------------------------


def _value(family: str, operator: str, raw: Any, attribute: Attribute) -> Any:
    if raw is None:
        raise ValueError(f"is required for the {operator} operator.")
    if operator in ("in", "not_in"):
        if not isinstance(raw, list) or not raw:
            raise ValueError("must be a non-empty array.")
        if len(raw) > MAX_LIST:
            raise ValueError(f"must not have more than {MAX_LIST} items.")
        return tuple(_scalar(family, operator, v, attribute) for v in raw)
    if operator == "between":
        if not isinstance(raw, list) or len(raw) != 2:
            raise ValueError("must be an array of two values [low, high].")
        return (_scalar(family, operator, raw[0], attribute), _scalar(family, operator, raw[1], attribute))
    if family in MEMBERSHIP and operator in ("is", "is_not", "contains", "not_contains"):
        values = raw if isinstance(raw, list) else [raw]
        if not values or len(values) > MAX_LIST:
            raise ValueError(f"must be one id or an array of 1 to {MAX_LIST} ids.")
        return tuple(_scalar(family, operator, v, attribute) for v in values)
    return _scalar(family, operator, raw, attribute)


def _scalar(family: str, operator: str, raw: Any, attribute: Attribute) -> Any:
    comparison = operator in ("gt", "gte", "lt", "lte", "between")
    if family == "text":
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise ValueError("must be a string.")
        return str(raw).lower()[:255]
    if family in ("number", "checklist") or (family == "users" and comparison):
        return _number(raw)
    if family == "checkbox":
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "1", 1):
            return True
        if raw in ("false", "0", 0):
            return False
        raise ValueError("must be true or false.")
    if family in ("date", "item_date"):
        return _span(raw)
    if family in ("users", "item_user"):
        user_id = parse_db_id(raw)
        if user_id is None:
            raise ValueError("must be a user id.")
        return user_id
    if family == "label":
        labels = {str(label.get("id")) for label in (attribute.settings or {}).get("labels", [])}
        if not isinstance(raw, str) or raw not in labels:
            raise ValueError("must be a label id of the attribute.")
        return raw
    # reference (item ids), item_folder (folder ids)
    if not isinstance(raw, str) or not raw or len(raw) > 64:
        raise ValueError("must be an id.")
    return raw


def _number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError("must be a number.")
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, str):
        try:
            number = float(raw.strip())
        except ValueError:
            pass
        else:
            if number == number and abs(number) != float("inf"):
                return number
    raise ValueError("must be a number.")


def _span(raw: Any) -> Span:
    if not isinstance(raw, str) or len(raw) > 64:
        raise ValueError("must be an ISO 8601 date or date-time.")
    text = raw.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day)
            return Span(start, start + timedelta(days=1))
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError("must be an ISO 8601 date or date-time.") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return Span(moment, moment)


def epoch(moment: datetime) -> float:
    """Naive UTC datetime -> epoch seconds (the number_key of date values)."""
    return moment.replace(tzinfo=UTC).timestamp()


def describe() -> str:
    """The grammar and the operators of every attribute type, for the API description."""
    kinds: dict[tuple[str, ...], list[str]] = {}
    for kind in registry.types():
        if kind.filtering is not None:
            kinds.setdefault(kind.filtering.operators, []).append(kind.kind)
    rows = [f"    {', '.join(names)}: {', '.join(operators)}" for operators, names in kinds.items()]
    return f"{__doc__}\nOperators by attribute type:\n\n" + "\n".join(rows)
