"""A board's attributes, fetched once per client and board: the key to values by name.

- reading: `decorate(item)` gives each value its attribute, so `item.values["Status"]` works
  without `expand=["values.attribute"]` (which repeats the attribute in every value of every item);
- writing: `encode({"Status": ["Done"], "Estimate": 3})` turns names into attribute ids and label
  names into label ids, as the API wants them: `[{"attribute_id", "data"}]`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from infinity_client.models import Attribute, Item
from infinity_client.models.values import wire_data

ValuesIn = Mapping[str, Any]


class BoardSchema:
    def __init__(self, attributes: Iterable[Attribute]) -> None:
        self.attributes = [a for a in attributes if not a.deleted]
        self._by_id = {a.id: a for a in self.attributes}
        self._by_name = {a.name: a for a in self.attributes}

    def attribute(self, key: str) -> Attribute:
        """The attribute with this id or name; KeyError naming the known ones otherwise."""
        found = self._by_id.get(key) or self._by_name.get(key)
        if found is None:
            raise KeyError(f"no attribute {key!r} on this board (known: {sorted(self._by_name)})")
        return found

    def encode(self, values: ValuesIn) -> list[dict[str, Any]]:
        """`{name or id: data}` as the API's value list; label names become label ids."""
        out = []
        for key, data in values.items():
            attribute = self.attribute(key)
            wire = wire_data(data)
            if attribute.type == "label" and wire is not None:
                wire = [attribute.label_id(x) for x in (wire if isinstance(wire, list) else [wire])]
            out.append({"attribute_id": attribute.id, "data": wire})
        return out

    def decorate(self, item: Item) -> Item:
        for value in item.values:
            if value.attribute is None:
                value.attribute = self._by_id.get(value.attribute_id)
        return item


def raw_values(values: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Values given as the API's list (`[{"attribute_id", "data"}]`), data made JSON."""
    return [{**v, "data": wire_data(v.get("data"))} for v in values]
