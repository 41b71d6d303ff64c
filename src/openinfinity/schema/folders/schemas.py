from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.boards.sort_order import format_sort_order
from openinfinity.core.multiaction import DELETED_AT_DESCRIPTION
from openinfinity.schema.folders.models import Folder


class FolderRead(BaseModel):
    id: str
    object: Literal["folder"] = "folder"
    name: str
    sort_order: str
    color: str | None
    settings: dict[str, Any]
    attribute_ids: list[str]
    parent_id: str
    deleted: bool


class FolderWrite(BaseModel):
    """Create (name required, checked by the service) and update (only the fields sent change).
    The multi-action endpoint adds `id` and `deleted_at`. Unknown fields are ignored."""

    id: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=255)
    # The seed's own update example stores "accusantium": any short string, as the hosted API does.
    color: str | None = Field(default=None, max_length=32)
    parent_id: str | None = Field(default=None, max_length=64)
    attribute_ids: list[str] | None = Field(default=None, max_length=1000)
    # A number or a numeric string, checked by boards.sort_order.parse_sort_order.
    sort_order: Any = None
    # An object (`[]` is read as `{}`), checked by the service.
    settings: Any = None
    deleted_at: Any = Field(default=None, description=DELETED_AT_DESCRIPTION)


def present_folder(folder: Folder) -> dict[str, Any]:
    return {
        "id": folder.id,
        "object": "folder",
        "name": folder.name,
        "sort_order": format_sort_order(folder.sort_order),
        "color": folder.color,
        # Typed clients break on PHP's `[]` for an empty object.
        "settings": folder.settings or {},
        "attribute_ids": list(folder.attribute_ids or []),
        "parent_id": folder.parent_folder_id or folder.board_id,
        "deleted": folder.deleted_at is not None,
    }
