"""`attachments`: files uploaded through the Attachments endpoints.

Written as `[{"id": <attachment id>}]` (ids as integers or numeric strings; whole attachment
objects as returned on read are accepted too, only their id counts), stored as the list of ids,
read back as full attachment objects with fresh signed links.
"""

from __future__ import annotations

from typing import Any, ClassVar

from openinfinity.core.bounds import parse_db_id
from openinfinity.schema.attributes.models import Attribute
from openinfinity.schema.attributes.types import filtering
from openinfinity.schema.attributes.types.base import (
    AttributeType,
    IdLookup,
    InvalidValue,
    SortKey,
    ValueContext,
)
from openinfinity.schema.attributes.types.filtering import Filtering
from openinfinity.schema.attributes.types.registry import register
from openinfinity.schema.attributes.types.spreadsheet import CsvContext, join_names

MAX_ATTACHMENTS = 100
_SHAPE = 'must be a list of attachments like [{"id": 86255}].'


def _as_id(entry: Any) -> int | None:
    return parse_db_id(entry.get("id") if isinstance(entry, dict) else entry)


@register
class AttachmentsType(AttributeType):
    kind = "attachments"
    filtering: ClassVar[Filtering | None] = filtering.ATTACHMENTS
    value_shape: ClassVar[tuple[dict[str, Any], Any, str] | None] = (
        {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": ["integer", "string"]}},
            },
        },
        [{"id": 86255}],
        "Uploaded attachments: write their ids, read them back with fresh signed links",
    )
    empty: ClassVar[Any] = []

    async def normalise(self, data: Any, attribute: Attribute, ctx: ValueContext) -> list[int]:
        if data is None or data == "":
            return []
        if not isinstance(data, list):
            raise InvalidValue(_SHAPE)
        ids: list[int] = []
        for entry in data:
            attachment_id = _as_id(entry)
            if attachment_id is None:
                raise InvalidValue(_SHAPE)
            if attachment_id not in ids:
                ids.append(attachment_id)
        if len(ids) > MAX_ATTACHMENTS:
            raise InvalidValue(f"must not have more than {MAX_ATTACHMENTS} items.")
        if ids:
            if ctx.attachment_ids is None:
                raise RuntimeError("ValueContext.attachment_ids is required to validate attachments")
            found = await ctx.attachment_ids(ids)
            if any(i not in found for i in ids):
                # One answer for unknown and forbidden ids, naming none: ids are sequential.
                raise InvalidValue("contains attachments that do not exist or that you cannot use here.")
        return ids

    async def normalise_default(self, data: Any, attribute: Attribute, ctx: ValueContext) -> list[int]:
        # One file shared as every new item's default makes no sense; only "no files" is allowed.
        if data in (None, "", []):
            return []
        raise InvalidValue("must be empty for an attachments attribute.")

    def sort_key(self, data: Any, attribute: Attribute) -> SortKey:
        # Items sort and filter by how many files they have.
        return SortKey(number=float(len(data)) if isinstance(data, list) else 0.0)

    def convert(self, data: Any, source: AttributeType, attribute: Attribute) -> Any:
        if source.kind == self.kind:
            return data
        raise InvalidValue(f"cannot be converted from {source.kind} to {self.kind}.")

    def remap(self, data: Any, lookup: IdLookup) -> Any:
        if not isinstance(data, list):
            return []
        mapped = (lookup("attachment", _as_id(entry)) for entry in data)
        return [{"id": attachment_id} for attachment_id in mapped if attachment_id is not None]

    def present(self, data: Any, attribute: Attribute, ctx: dict[str, Any]) -> Any:
        """ctx["attachments"] maps id -> attachment object with fresh links, loaded for the whole
        page by files.lookup.presented_values(); ids whose file is gone are left out.
        Without that preload (e.g. an event payload built inside a service) only the ids are
        given, never stale links."""
        if not isinstance(data, list):
            return []
        objects: dict[int, Any] | None = ctx.get("attachments")
        if objects is None:
            return [{"id": i} for i in data]
        return [objects[i] for i in data if i in objects]

    csv_importable: ClassVar[bool] = False

    def to_csv(self, data: Any, attribute: Attribute, ctx: CsvContext) -> str:
        """File names (ctx.file_names, loaded for the rows being written)."""
        ids = data if isinstance(data, list) else []
        return join_names([ctx.file_names[i] for i in ids if i in ctx.file_names])
