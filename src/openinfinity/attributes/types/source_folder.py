"""`source_folder`: the id of the folder the item lives in (computed, for views that span
folders)."""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.attributes.types.computed import ComputedType
from openinfinity.attributes.types.registry import register


@register
class SourceFolderType(ComputedType):
    kind: ClassVar[str] = "source_folder"

    def derive(self, item: Any) -> Any:
        return item.folder_id
