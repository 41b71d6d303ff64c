"""View (folderview) shapes: pydantic classes document them; presenters build the responses."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.core.multiaction import DELETED_AT_DESCRIPTION
from openinfinity.core.timefmt import iso
from openinfinity.items.schemas import format_sort_order
from openinfinity.views.models import FolderView

VIEW_TYPES = ("list", "columns", "table", "calendar", "gantt", "form", "chart", "timeline", "map")


class ViewRead(BaseModel):
    id: str
    object: Literal["folderview"] = "folderview"
    folder_id: str
    name: str
    type: str
    sort_order: str
    settings: dict[str, Any]
    created_by: int | None
    created_at: str | None
    deleted: bool


class ViewWrite(BaseModel):
    """Create: `type` and `folder_id` are required. PUT: `type` is required. PATCH: nothing is.
    On the collection, `id` of an existing view updates it and `deleted_at` deletes it."""

    name: str | None = Field(default=None, max_length=255)
    type: str | None = Field(default=None, description=f"One of {', '.join(VIEW_TYPES)}")
    folder_id: str | None = Field(default=None, max_length=64, description="A folder of this board")
    sort_order: float | None = Field(default=None, allow_inf_nan=False)
    settings: Any = Field(
        default=None,
        description="attributes, includeSubfolders, collapsedGroups, filter, sort, groupBy, "
        "groupOrder:<attribute id>, plus any client keys. See the filter grammar in the API description.",
    )
    id: str | None = Field(default=None, max_length=64)
    deleted_at: Any = Field(default=None, description=DELETED_AT_DESCRIPTION)


class ViewItemsPage(BaseModel):
    has_more: bool
    before: str
    after: str
    data: list[dict[str, Any]] = Field(
        description="Items (as the items endpoint returns them) plus `group_key` when the view has groupBy"
    )


def present_view(view: FolderView) -> dict[str, Any]:
    return {
        "id": view.id,
        "object": "folderview",
        "folder_id": view.folder_id,
        "name": view.name,
        "type": view.type,
        "sort_order": format_sort_order(view.sort_order),
        "settings": view.settings or {},
        "created_by": view.created_by,
        "created_at": iso(view.created_at),
        "deleted": view.deleted_at is not None,
    }
