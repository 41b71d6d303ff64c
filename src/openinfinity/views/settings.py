"""Validation of a view's `settings` on save.

Known keys are checked (shape, and that attribute ids are attributes of the board); every other
key (calendar position, column widths, ...) is stored as the client sent it.

    attributes         array (ids or objects, as the client's view lists them)
    includeSubfolders  boolean: the view also shows the items of sub-folders
    collapsedGroups    array
    filter             {combinator: AND|OR, conditions: [...]}   see items/filtering/grammar.py
    sort               {conditions: [{attributeId, settings: {direction: asc|desc}}]}
    groupBy            attribute id of the board, or null
    groupOrder:<id>    array (group keys in display order)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openinfinity.core.errors import ValidationFailed, merge_validation
from openinfinity.items.filtering.grammar import EMPTY, Group, parse_filter
from openinfinity.items.filtering.sorting import sortable
from openinfinity.schema.attributes.models import Attribute

MAX_SORTS = 10


def validate_settings(raw: Any, attributes: dict[str, Attribute]) -> dict[str, Any]:
    """The settings to store ({} for none); one 422 naming every bad path otherwise."""
    if raw is None or raw == []:
        return {}
    if not isinstance(raw, dict):
        raise ValidationFailed.field("settings", "must be an object.")
    errors: list[ValidationFailed] = []
    for key, kind in (("attributes", list), ("collapsedGroups", list), ("includeSubfolders", bool)):
        if key in raw and not isinstance(raw[key], kind):
            what = "an array" if kind is list else "true or false"
            errors.append(ValidationFailed.field(f"settings.{key}", f"must be {what}."))
    if "filter" in raw:
        try:
            parse_filter(raw["filter"], attributes, path="settings.filter")
        except ValidationFailed as exc:
            errors.append(exc)
    if "sort" in raw:
        try:
            sort_conditions(raw["sort"], attributes, strict=True)
        except ValidationFailed as exc:
            errors.append(exc)
    group_by = raw.get("groupBy")
    if group_by is not None and (not isinstance(group_by, str) or group_by not in attributes):
        errors.append(ValidationFailed({"settings.groupBy": ["The selected settings.groupBy is invalid."]}))
    for key, value in raw.items():
        if isinstance(key, str) and key.startswith("groupOrder:") and not isinstance(value, list):
            errors.append(ValidationFailed.field(f"settings.{key}", "must be an array."))
    if errors:
        raise merge_validation(errors)
    return raw


def sort_conditions(
    raw: Any, attributes: dict[str, Attribute], *, strict: bool
) -> list[tuple[Attribute, bool]]:
    """(attribute, descending) pairs of a `sort` setting. Not strict: skip what no longer fits."""
    errors: list[ValidationFailed] = []
    out: list[tuple[Attribute, bool]] = []
    if raw is None:
        return out
    conditions = raw.get("conditions", []) if isinstance(raw, dict) else None
    if not isinstance(conditions, list):
        if strict:
            raise ValidationFailed.field("settings.sort.conditions", "must be an array.")
        return out
    if len(conditions) > MAX_SORTS and strict:
        raise ValidationFailed.field(
            "settings.sort.conditions", f"must not have more than {MAX_SORTS} items."
        )
    for index, entry in enumerate(conditions[:MAX_SORTS]):
        path = f"settings.sort.conditions.{index}"
        if not isinstance(entry, dict):
            errors.append(ValidationFailed.field(path, "must be an object."))
            continue
        attribute_id = entry.get("attributeId")
        attribute = attributes.get(attribute_id) if isinstance(attribute_id, str) else None
        if attribute is None:
            errors.append(
                ValidationFailed({f"{path}.attributeId": [f"The selected {path}.attributeId is invalid."]})
            )
            continue
        if not sortable(attribute):
            errors.append(
                ValidationFailed.field(
                    f"{path}.attributeId", f"names a {attribute.type} attribute, which cannot be sorted."
                )
            )
            continue
        settings = entry.get("settings") or {}
        direction = settings.get("direction", "asc") if isinstance(settings, dict) else None
        if direction not in ("asc", "desc"):
            errors.append(
                ValidationFailed(
                    {f"{path}.settings.direction": [f"The selected {path}.settings.direction is invalid."]}
                )
            )
            continue
        out.append((attribute, direction == "desc"))
    if errors and strict:
        raise merge_validation(errors)
    return out


@dataclass(frozen=True, slots=True)
class Query:
    """What a saved view asks for, read leniently (the board may have changed since it was saved)."""

    filter: Group
    sort: list[tuple[Attribute, bool]]
    include_subfolders: bool
    group_by: Attribute | None


def read_query(settings: dict[str, Any], attributes: dict[str, Attribute]) -> Query:
    settings = settings if isinstance(settings, dict) else {}
    try:
        group = parse_filter(settings.get("filter"), attributes, path="settings.filter", strict=False)
    except ValidationFailed:
        group = EMPTY
    group_by = settings.get("groupBy")
    return Query(
        filter=group,
        sort=sort_conditions(settings.get("sort"), attributes, strict=False),
        include_subfolders=settings.get("includeSubfolders") is True,
        group_by=attributes.get(group_by) if isinstance(group_by, str) else None,
    )
