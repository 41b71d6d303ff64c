from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.schema.references.models import Reference


class ReferenceRead(BaseModel):
    id: str
    object: Literal["reference"] = "reference"
    attribute_id: str | None
    from_item_id: str | None
    to_item_id: str | None


class ItemReferenceRead(ReferenceRead):
    """A reference listed by item across boards: with the board of each end. The reference
    itself lives on `from_board_id` (read or delete it through that board)."""

    from_board_id: str
    to_board_id: str


class ReferenceCreate(BaseModel):
    attribute_id: str = Field(max_length=64, description="A `reference` attribute of this board")
    from_item_id: str = Field(max_length=64, description="The item whose reference value lists the link")
    to_item_id: str = Field(max_length=64, description="The item linked to (any board you can see)")


def present_reference(reference: Reference) -> dict[str, Any]:
    return {
        "id": reference.id,
        "object": "reference",
        "attribute_id": reference.attribute_id,
        "from_item_id": reference.from_item_id,
        "to_item_id": reference.to_item_id,
    }


def present_item_reference(reference: Reference, boards: dict[str, str]) -> dict[str, Any]:
    return {
        **present_reference(reference),
        "from_board_id": boards.get(reference.from_item_id),
        "to_board_id": boards.get(reference.to_item_id),
    }
