"""Compile a parsed filter (items/filtering/grammar.py) to one SQL condition on `items`.

Every condition is an EXISTS over the item's item_values row for the attribute, reading the keys the
attribute types derive (text_key lower-cased text, number_key numbers/dates/booleans/counts) or the
JSON data for list kinds (labels, members, votes, references) through json_each on SQLite and jsonb
containment on PostgreSQL. Negative operators are NOT of their positive twin, so items without a
value match them. Computed kinds (created_at, updated_at, created_by, source_folder) read item columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, and_, case, cast, exists, func, not_, or_, select, true
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import aliased

from openinfinity.items.filtering.grammar import Condition, Group, Span, epoch
from openinfinity.items.models import Item, Value
from openinfinity.schema.attributes.types import registry

Predicate = Callable[[Any], ColumnElement[bool]]

_NEGATIVE = {"is_not": "is", "not_contains": "contains", "not_in": "in", "is_empty": "is_not_empty"}


def compile_filter(group: Group, *, dialect: str) -> ColumnElement[bool]:
    """The SQL condition for `group`; an empty group matches everything."""
    parts = [_node(node, dialect) for node in group.nodes]
    if not parts:
        return true()
    return and_(*parts) if group.combinator == "AND" else or_(*parts)


def _node(node: Condition | Group, dialect: str) -> ColumnElement[bool]:
    if isinstance(node, Group):
        return compile_filter(node, dialect=dialect)
    positive = _NEGATIVE.get(node.operator)
    if positive is not None:
        return not_(_positive(node, positive, dialect))
    return _positive(node, node.operator, dialect)


def _has_value(attribute_id: str, predicate: Predicate) -> ColumnElement[bool]:
    value = aliased(Value)
    return exists().where(value.item_id == Item.id, value.attribute_id == attribute_id, predicate(value))


def _positive(cond: Condition, op: str, dialect: str) -> ColumnElement[bool]:
    family = cond.family
    if family in ("item_date", "item_user", "item_folder"):
        # Computed types read the item column their type names.
        attribute_type = registry.get(cond.attribute.type)
        assert attribute_type is not None and attribute_type.item_column is not None
        column = getattr(Item, attribute_type.item_column)
        if family == "item_date":
            return _dates(column, op, cond.value, as_epoch=False)
        return _scalars(column, op, cond.value)
    attribute_id = cond.attribute.id
    if family == "text":
        return _has_value(attribute_id, lambda v: _text(v, op, cond.value))
    if family in ("number", "checklist") or (family == "users" and op in ("gt", "gte", "lt", "lte")):
        if op == "is_not_empty":
            return _has_value(attribute_id, lambda v: v.number_key.is_not(None))
        return _has_value(attribute_id, lambda v: _compare(v.number_key, op, cond.value))
    if family == "checkbox":
        # An item without a value is unchecked; "is false" is the negation of "is true".
        checked = _has_value(attribute_id, lambda v: v.number_key == 1.0)
        return checked if cond.value else not_(checked)
    if family == "date":
        if op == "is_not_empty":
            return _has_value(attribute_id, lambda v: v.number_key.is_not(None))
        return _has_value(attribute_id, lambda v: _dates(v.number_key, op, cond.value, as_epoch=True))
    # label, users, reference, attachments: JSON arrays of ids
    if op == "is_not_empty":
        return _has_value(attribute_id, lambda v: _json_nonempty(v.data, dialect))
    if op in ("is", "contains"):
        return and_(*[_has_value(attribute_id, _member(x, dialect)) for x in cond.value])
    if op == "in":
        # One look-up of the value for all the ids (not one sub-query per id).
        return _has_value(attribute_id, _any_member(cond.value, dialect))
    raise AssertionError(f"operator {op} not compiled for {family}")  # grammar prevents this


def _text(value: Any, op: str, needle: Any) -> ColumnElement[bool]:
    key = value.text_key
    if op == "is_not_empty":
        return and_(key.is_not(None), key != "")
    if op == "is":
        return key == needle
    if op == "in":
        return key.in_(needle)
    if op == "starts_with":
        return key.startswith(needle, autoescape=True)
    if op == "ends_with":
        return key.endswith(needle, autoescape=True)
    # contains: the key holds the first 255 characters lower-cased; search_text the whole text.
    return or_(key.contains(needle, autoescape=True), value.search_text.icontains(needle, autoescape=True))


def _compare(column: Any, op: str, operand: Any) -> ColumnElement[bool]:
    if op == "is":
        return column == operand
    if op == "in":
        return column.in_(operand)
    if op == "between":
        low, high = sorted(operand)
        return and_(column >= low, column <= high)
    return {
        "gt": lambda: column > operand,
        "gte": lambda: column >= operand,
        "lt": lambda: column < operand,
        "lte": lambda: column <= operand,
    }[op]()


def _dates(column: Any, op: str, span: Any, *, as_epoch: bool) -> ColumnElement[bool]:
    def bound(moment: Any) -> Any:
        return epoch(moment) if as_epoch else moment

    if op == "between":
        low, high = sorted(span, key=lambda s: s.start)
        return and_(column >= bound(low.start), _before_end(column, high, bound))
    assert isinstance(span, Span)
    if op == "is":
        if span.is_day:
            return and_(column >= bound(span.start), column < bound(span.end))
        return column == bound(span.start)
    if op in ("before", "lt"):
        return column < bound(span.start)
    if op in ("on_or_before", "lte"):
        return _before_end(column, span, bound)
    if op in ("after", "gt"):
        return column >= bound(span.end) if span.is_day else column > bound(span.start)
    if op in ("on_or_after", "gte"):
        return column >= bound(span.start)
    raise AssertionError(op)


def _before_end(column: Any, span: Span, bound: Callable[[Any], Any]) -> ColumnElement[bool]:
    return column < bound(span.end) if span.is_day else column <= bound(span.start)


def _scalars(column: Any, op: str, operand: Any) -> ColumnElement[bool]:
    if op == "is_not_empty":
        return column.is_not(None)
    if op == "in":
        return column.in_(operand)
    return column == operand  # "is"


def _json_nonempty(data: Any, dialect: str) -> ColumnElement[bool]:
    if dialect == "postgresql":
        # json_array_length raises on scalars, and AND does not guarantee evaluation order.
        length = case((func.json_typeof(data) == "array", func.json_array_length(data)), else_=0)
        return length > 0
    return func.coalesce(func.json_array_length(data), 0) > 0


def _any_member(elements: tuple[Any, ...], dialect: str) -> Predicate:
    """The value's JSON array contains at least one of `elements`."""
    if dialect == "postgresql":
        return lambda v: or_(*[cast(v.data, JSONB).contains([element]) for element in elements])

    def sqlite_any(v: Any) -> ColumnElement[bool]:
        each = func.json_each(v.data).table_valued("value")
        return exists(select(1).select_from(each).where(each.c.value.in_(list(elements))))

    return sqlite_any


def _member(element: Any, dialect: str) -> Predicate:
    """The value's JSON array contains `element` (a label id, user id or item id)."""
    if dialect == "postgresql":
        return lambda v: cast(v.data, JSONB).contains([element])

    def sqlite_member(v: Any) -> ColumnElement[bool]:
        each = func.json_each(v.data).table_valued("value")
        return exists(select(1).select_from(each).where(each.c.value == element))

    return sqlite_member
