from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.core.multiaction import DELETED_AT_DESCRIPTION
from openinfinity.core.timefmt import iso
from openinfinity.schema.attributes.models import Attribute


class AttributeRead(BaseModel):
    id: str
    object: Literal["attribute"] = "attribute"
    name: str
    type: str
    default_data: Any
    settings: dict[str, Any]
    created_by: int | None
    created_at: str
    deleted: bool


class AttributeWrite(BaseModel):
    """Create (name and type required, checked by the service) and update (all optional).
    The multi-action endpoint adds `id` and `deleted_at`. Unknown fields are ignored."""

    id: str | None = Field(default=None, max_length=64)
    name: str | None = Field(default=None, max_length=255)
    type: str | None = Field(default=None, max_length=32)
    default_data: Any = None
    # An object (`[]` is read as `{}`), checked by the service.
    settings: Any = None
    deleted_at: Any = Field(default=None, description=DELETED_AT_DESCRIPTION)


def present_attribute(attribute: Attribute) -> dict[str, Any]:
    return {
        "id": attribute.id,
        "object": "attribute",
        "name": attribute.name,
        "type": attribute.type,
        "default_data": attribute.default_data,
        # Typed clients break on PHP's `[]` for an empty object.
        "settings": attribute.settings or {},
        "created_by": attribute.created_by,
        "created_at": iso(attribute.created_at),
        "deleted": attribute.deleted_at is not None,
    }
