"""Request shapes of the batch endpoints (responses are presenter dicts, documented here too)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from openinfinity.items.schemas import ItemRead, ItemWrite

MAX_OPERATIONS = 100


class BatchOperation(ItemWrite):
    """One entry: the item fields of a create or update, plus what to do with them."""

    action: Literal["create", "update", "delete", "upsert"] = Field(
        description="`create`; `update` and `delete` need `id`; `upsert` needs `match`."
    )
    match: str | None = Field(
        default=None,
        max_length=64,
        description="For `upsert`: the id of the text, number, email or phone attribute to match on.",
    )


class BatchWrite(BaseModel):
    model_config = ConfigDict(extra="ignore")

    operations: list[BatchOperation] = Field(min_length=1, max_length=MAX_OPERATIONS)


class BatchValueWrite(BaseModel):
    """Set one attribute's value on many items."""

    model_config = ConfigDict(extra="ignore")

    attribute_id: str = Field(max_length=64)
    data: Any = None
    item_ids: list[str] = Field(min_length=1, max_length=MAX_OPERATIONS)


class BatchResultRead(BaseModel):
    index: int
    action: Literal["create", "update", "delete", "upsert"]
    status: int = Field(description="What the single request would have answered: 201 or 200.")
    item: ItemRead


class BatchRead(BaseModel):
    object: Literal["batch"] = "batch"
    results: list[BatchResultRead]


class BatchFailureRead(BaseModel):
    index: int
    status: int
    message: str
    code: str
    errors: dict[str, list[str]] | None = None
