"""`source_folder`: the id of the folder the item lives in (computed, for views that span
folders)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.computed import ComputedType
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext


@register
class SourceFolderType(ComputedType):
    kind: ClassVar[str] = "source_folder"
    filtering: ClassVar[Filtering | None] = filtering.ITEM_FOLDER
    item_column: ClassVar[str | None] = "folder_id"
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {"type": "string"},
        "PxhWpuzzyRz",
        "The item's folder (read-only)",
    )

    def derive(self, item: Any) -> Any:
        return item.folder_id

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        folder_id = getattr(ctx.item, "folder_id", None)
        return "" if folder_id is None else ctx.folder_names.get(folder_id, folder_id)
