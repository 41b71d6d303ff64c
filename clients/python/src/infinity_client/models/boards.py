"""Boards and what shapes them: folders, attributes (with their labels) and views.

`workspace_id` and `board_id` marked "set by the client" are not on the wire: the client records
where it read an object, so `client.items.list(board)` needs no workspace argument."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from infinity_client.models._base import JsonObject, Model, SortOrder

AttributeKind = Literal[
    "text", "longtext", "number", "checkbox", "date", "label", "members", "links", "checklist",
    "attachments", "reference", "progress", "rating", "email", "phone", "vote", "created_at",
    "created_by", "updated_at", "source_folder", "time_tracking",
]  # fmt: skip
ViewKind = Literal["list", "columns", "table", "calendar", "gantt", "form", "chart", "timeline", "map"]


class Board(Model):
    id: str
    object: Literal["board"] = "board"
    name: str
    sort_order: SortOrder = None
    color: str | None = None
    description: str | None = None
    og_image: str | None = None
    user_ids: list[int] = []
    deleted: bool = False
    workspace_id: str | None = Field(default=None, description="Set by the client")


class Folder(Model):
    id: str
    object: Literal["folder"] = "folder"
    name: str
    sort_order: SortOrder = None
    color: str | None = None
    settings: JsonObject = {}
    attribute_ids: list[str] = []
    parent_id: str | None = None
    deleted: bool = False


class Label(Model):
    """One choice of a `label` attribute (`settings.labels`)."""

    id: str
    name: str
    color: str | None = None


class Attribute(Model):
    id: str
    object: Literal["attribute"] = "attribute"
    name: str
    type: str
    default_data: Any = None
    settings: JsonObject = {}
    created_by: int | None = None
    created_at: str | None = None
    deleted: bool = False

    @property
    def labels(self) -> list[Label]:
        """The choices of a `label` attribute (empty for other types)."""
        raw = self.settings.get("labels") if isinstance(self.settings, dict) else None
        return [Label.model_validate(label) for label in raw or [] if isinstance(label, dict)]

    def label_id(self, name_or_id: str) -> str:
        """The id of the label called `name_or_id` (or that id itself); KeyError if neither."""
        for label in self.labels:
            if name_or_id in (label.id, label.name):
                return label.id
        raise KeyError(f"attribute {self.name!r} has no label {name_or_id!r}")

    def label_name(self, label_id: str) -> str:
        for label in self.labels:
            if label.id == label_id:
                return label.name
        raise KeyError(f"attribute {self.name!r} has no label id {label_id!r}")


class View(Model):
    id: str
    object: Literal["folderview"] = "folderview"
    folder_id: str
    name: str
    type: str
    sort_order: SortOrder = None
    settings: JsonObject = {}
    created_by: int | None = None
    created_at: str | None = None
    deleted: bool = False
