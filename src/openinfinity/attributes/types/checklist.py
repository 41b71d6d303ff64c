"""`checklist`: an array of `{id, name, done}`; ids are generated when absent, `done` defaults
to false and accepts the same unambiguous strings as a checkbox."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.attributes.models import Attribute
from openinfinity.attributes.types.base import AttributeType, InvalidValue, SortKey, ValueContext
from openinfinity.attributes.types.checkbox import CheckboxType
from openinfinity.attributes.types.common import MAX_TEXT, as_list, entry_id
from openinfinity.attributes.types.registry import register

_DONE = CheckboxType()


@register
class ChecklistType(AttributeType):
    kind: ClassVar[str] = "checklist"
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
