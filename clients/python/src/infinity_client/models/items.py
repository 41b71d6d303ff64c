"""Items, their values, comments and references."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, GetCoreSchemaHandler
from pydantic_core import core_schema

from infinity_client.models._base import Model, SortOrder
from infinity_client.models.boards import Attribute, Folder
from infinity_client.models.values import AttachmentFile, ChecklistEntry, Link, ValueData, typed_data
from infinity_client.models.workspaces import User


class Value(Model):
    id: str | None = None
    object: Literal["value"] = "value"
    data: Any = None
    attribute_id: str
    item_id: str | None = None
    attribute: Attribute | None = Field(default=None, description="With expand values.attribute")
    deleted: bool = False

    @property
    def typed(self) -> ValueData:
        """`data` as the Python type of its attribute's type (raw JSON when the type is unknown)."""
        return typed_data(self.attribute.type if self.attribute else None, self.data)


class ItemValues(list[Value]):
    """An item's values: a list (as on the wire) that also reads data by attribute name or id,
    typed per attribute type: `item.values["Status"]` -> `["<label id>"]`. Needs the values'
    attributes (the client attaches the board's cached attributes when it has them)."""

    def value(self, key: str) -> Value | None:
        """The value of the attribute named (or with id) `key`; None when the item has none."""
        for value in self:
            if value.attribute_id == key or (value.attribute is not None and value.attribute.name == key):
                return value
        return None

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            value = self.value(key)
            if value is None:
                raise KeyError(key)
            return value.typed
        return super().__getitem__(key)

    def get(self, key: str, default: ValueData = None) -> ValueData:
        value = self.value(key)
        return default if value is None else value.typed

    def names(self) -> Iterator[str]:
        for value in self:
            yield value.attribute.name if value.attribute else value.attribute_id

    def as_dict(self) -> dict[str, ValueData]:
        """Every value by attribute name (id when the attribute is not known)."""
        return dict(zip(self.names(), (v.typed for v in self), strict=True))

    # Typed reads for code that knows an attribute's type (mypy then knows the result's).
    def text(self, key: str) -> str | None:
        data = self.get(key)
        return data if isinstance(data, str) else None

    def number(self, key: str) -> float | None:
        data = self.get(key)
        return float(data) if isinstance(data, int | float) and not isinstance(data, bool) else None

    def checkbox(self, key: str) -> bool:
        return self.get(key) is True

    def ids(self, key: str) -> list[str]:
        """Label ids (label) or item ids (reference)."""
        data = self.get(key)
        return [x for x in data if isinstance(x, str)] if isinstance(data, list) else []

    def user_ids(self, key: str) -> list[int]:
        data = self.get(key)
        return [x for x in data if isinstance(x, int)] if isinstance(data, list) else []

    def labels(self, key: str) -> list[str]:
        """The names of the labels chosen in a label attribute."""
        value = self.value(key)
        if value is None or value.attribute is None:
            return []
        return [value.attribute.label_name(i) for i in self.ids(key)]

    def links(self, key: str) -> list[Link]:
        data = self.get(key)
        return [x for x in data if isinstance(x, Link)] if isinstance(data, list) else []

    def checklist(self, key: str) -> list[ChecklistEntry]:
        data = self.get(key)
        return [x for x in data if isinstance(x, ChecklistEntry)] if isinstance(data, list) else []

    def attachments(self, key: str) -> list[AttachmentFile]:
        data = self.get(key)
        return [x for x in data if isinstance(x, AttachmentFile)] if isinstance(data, list) else []

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls,
            handler.generate_schema(list[Value]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda values: [v.model_dump() for v in values]
            ),
        )


class Item(Model):
    id: str
    object: Literal["item"] = "item"
    folder_id: str | None = None
    parent_id: str | None = None
    created_at: str | None = None
    sort_order: SortOrder = None
    values: ItemValues = Field(default_factory=ItemValues, description="With expand values")
    created_by: User | int | None = Field(default=None, description="With expand created_by")
    folder: Folder | None = Field(default=None, description="With expand folder")
    deleted: bool = False
    workspace_id: str | None = Field(default=None, description="Set by the client")
    board_id: str | None = Field(default=None, description="Set by the client (and by events)")


class Comment(Model):
    id: str
    object: Literal["comment"] = "comment"
    parent_id: str | None = None
    text: str
    created_at: str | None = None
    created_by: User | int | None = None
    item: Item | None = Field(default=None, description="With expand item or item.values")
    deleted: bool = False


class Reference(Model):
    id: str
    object: Literal["reference"] = "reference"
    attribute_id: str | None = None
    from_item_id: str | None = None
    to_item_id: str | None = None
    from_board_id: str | None = Field(default=None, description="On the workspace-wide list")
    to_board_id: str | None = None


class BatchEntry(Model):
    """One operation's result: `status` is what the single request would have answered."""

    index: int
    action: str
    status: int
    item: Item


class BatchResult(Model):
    object: Literal["batch"] = "batch"
    results: list[BatchEntry]

    @property
    def items(self) -> list[Item]:
        return [entry.item for entry in self.results]
