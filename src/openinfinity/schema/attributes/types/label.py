"""`label`: an array of label ids taken from `settings.labels` (at most one unless
`settings.multiple`, which defaults to true as on the hosted API's examples)."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    InvalidValue,
    SortBy,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.common import MAX_ENTRIES, as_list, entry_id, text_key
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, join_names, match_names

_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")


def labels_of(attribute: Attribute) -> list[dict[str, Any]]:
    labels = (attribute.settings or {}).get("labels") or []
    return [label for label in labels if isinstance(label, dict)]


@register
class LabelType(AttributeType):
    kind: ClassVar[str] = "label"
    filtering: ClassVar[Filtering | None] = filtering.LABEL
    # The first label's name.
    sort_by: ClassVar[SortBy | None] = "text"
    searchable: ClassVar[bool] = True
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "array", "items": {"type": "string", "description": "An id (UUID or short id)"}},
        ["3f68e105-d878-40d9-8e51-5919d92ab89d", "6bc19250-f233-4a6d-9ef7-620192b4147c"],
        "Label ids, defined in the attribute's settings",
    )
    example_settings: ClassVar[dict[str, Any]] = {
        "labels": [
            {"id": "3f68e105-d878-40d9-8e51-5919d92ab89d", "name": "Cheap", "color": "#FFD3F2"},
            {"id": "6bc19250-f233-4a6d-9ef7-620192b4147c", "name": "Fast", "color": None},
        ]
    }
    empty: ClassVar[Any] = []

    def validate_settings(self, settings: dict[str, Any]) -> dict[str, Any]:
        labels = settings.get("labels", [])
        if not isinstance(labels, list) or len(labels) > MAX_ENTRIES:
            raise InvalidValue("labels must be an array of labels.")
        clean: list[dict[str, Any]] = []
        seen: set[str] = set()
        for label in labels:
            if not isinstance(label, dict):
                raise InvalidValue("labels must be objects with a name.")
            name = label.get("name", "")
            if not isinstance(name, str) or len(name) > 255:
                raise InvalidValue("labels must have a name of at most 255 characters.")
            color = label.get("color")
            if color is not None and (not isinstance(color, str) or not _COLOR.fullmatch(color)):
                raise InvalidValue("label colors must be hex colors.")
            label_id = entry_id(label.get("id"))
            if label_id in seen:
                raise InvalidValue("label ids must be unique.")
            seen.add(label_id)
            clean.append({**label, "id": label_id, "name": name, "color": color})
        for flag in ("multiple", "allowNew", "allowEmpty"):
            if flag in settings and not isinstance(settings[flag], bool):
                raise InvalidValue(f"{flag} must be true or false.")
        if "labels" in settings or clean:
            return {**settings, "labels": clean}
        return settings

    def coerce(self, data: Any, attribute: Attribute) -> list[str]:
        ids = as_list(data)
        known = {str(label.get("id")) for label in labels_of(attribute)}
        result: list[str] = []
        for raw in ids:
            if not isinstance(raw, str) or raw not in known:
                raise InvalidValue("must contain label ids defined in the attribute settings.")
            if raw not in result:
                result.append(raw)
        if len(result) > 1 and (attribute.settings or {}).get("multiple", True) is False:
            raise InvalidValue("must not contain more than one label.")
        return result

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data, attribute)

    def names(self, data: Any, attribute: Attribute) -> list[str]:
        by_id = {str(label.get("id")): str(label.get("name", "")) for label in labels_of(attribute)}
        return [by_id[i] for i in data if isinstance(i, str) and i in by_id] if isinstance(data, list) else []

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        return " ".join(self.names(data, attribute)) or None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        names = self.names(data, attribute)
        return SortKey(text=text_key(names[0]) if names else None)

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind == "label":
            return self.coerce(data, attribute)
        if source.kind == "text" and isinstance(data, str):
            # A text equal to a label's name (ignoring case) becomes that label.
            for label in labels_of(attribute):
                if str(label.get("name", "")).strip().lower() == data.strip().lower():
                    return [str(label["id"])]
        raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        if not isinstance(data, list) or not data:
            return ""
        by_id = ctx.memo.get(attribute.id)
        if by_id is None:
            # Built once per export: a board's labels do not change while its rows are written.
            by_id = ctx.memo[attribute.id] = {
                str(x.get("id")): str(x.get("name", "")) for x in labels_of(attribute)
            }
        return join_names([by_id[i] for i in data if isinstance(i, str) and i in by_id])

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        """Label names (any case) -> ids; unknown names become new labels when the import allows
        it (collected in ctx.new_labels, saved by the import before the items)."""
        added = ctx.new_labels.setdefault(attribute.id, []) if ctx.create_labels else []
        known = {
            str(label.get("name", "")).strip().lower(): str(label.get("id")) for label in labels_of(attribute)
        }
        known.update({label["name"].lower(): label["id"] for label in added})
        ids, unknown = match_names(text, known)
        for name in unknown:
            if not ctx.create_labels:
                raise InvalidValue(f'names a label that does not exist: "{name}".')
            if len(name) > 255:
                raise InvalidValue("must name labels of at most 255 characters.")
            label_id = entry_id(None)
            added.append({"id": label_id, "name": name, "color": None})
            known[name.lower()] = label_id
            ids.append(label_id)
        return ids
