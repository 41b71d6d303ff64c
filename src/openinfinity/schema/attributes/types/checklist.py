"""`checklist`: an array of `{id, name, done}`; ids are generated when absent, `done` defaults
to false and accepts the same unambiguous strings as a checkbox."""

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
from openinfinity.schema.attributes.types.checkbox import CheckboxType
from openinfinity.schema.attributes.types.common import MAX_TEXT, as_list, entry_id
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, lines

_DONE = CheckboxType()
# "[x] name" or "[ ] name", as a CSV cell writes an entry.
_BOX = re.compile(r"\[([ xX]?)\]\s?")


@register
class ChecklistType(AttributeType):
    kind: ClassVar[str] = "checklist"
    # Filtered and sorted by the done fraction (0..1).
    filtering: ClassVar[Filtering | None] = filtering.CHECKLIST
    sort_by: ClassVar[SortBy | None] = "number"
    searchable: ClassVar[bool] = True
    search_primary: ClassVar[bool] = True
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "done": {"type": "boolean"},
                },
            },
        },
        [
            {"id": "71559530-e671-4043-a6e5-dc017b8a1771", "name": "One", "done": True},
            {"id": "3c23caad-390b-41d3-ae18-607bb03f7168", "name": "Two", "done": False},
        ],
        "Checklist entries",
    )
    empty: ClassVar[Any] = []

    def coerce(self, data: Any) -> list[dict[str, Any]]:
        entries: list[dict[str, Any]] = []
        for entry in as_list(data, scalar_ok=False):
            if not isinstance(entry, dict):
                raise InvalidValue("must contain checklist objects.")
            name = entry.get("name", "")
            if not isinstance(name, str) or len(name) > MAX_TEXT:
                raise InvalidValue("must contain checklist entries whose name is a string.")
            try:
                done = _DONE.coerce(entry.get("done", False))
            except InvalidValue:
                raise InvalidValue("must contain checklist entries whose done is true or false.") from None
            entries.append({"id": entry_id(entry.get("id")), "name": name, "done": done})
        return entries

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> Any:
        return self.coerce(data)

    def search_text(self, data: Any, attribute: Attribute) -> str | None:
        if not isinstance(data, list):
            return None
        return " ".join(str(e.get("name", "")) for e in data if isinstance(e, dict) and e.get("name")) or None

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        if not isinstance(data, list) or not data:
            return SortKey()
        done = sum(1 for e in data if isinstance(e, dict) and e.get("done") is True)
        return SortKey(number=done / len(data))

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind == "checklist":
            return self.coerce(data)
        if source.kind == "text" and isinstance(data, str):
            return self.coerce([{"name": data}])
        raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        """One entry a line, "[x] done entry" or "[ ] open entry"."""
        entries = [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []
        return "\n".join(f"[{'x' if e.get('done') is True else ' '}] {e.get('name', '')}" for e in entries)

    def from_csv(self, text: str, attribute: Attribute, ctx: CsvContext) -> Any:
        entries: list[dict[str, Any]] = []
        for line in lines(text):
            box = _BOX.match(line)
            if box:
                entries.append({"name": line[box.end() :].strip(), "done": box[1].strip().lower() == "x"})
            else:
                entries.append({"name": line, "done": False})
        return entries
