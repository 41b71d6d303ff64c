"""Shared response schemas for the OpenAPI description."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import BaseModel, create_model


class ErrorRead(BaseModel):
    message: str
    code: str
    errors: dict[str, list[str]] | None = None
    invalidFields: list[str] | None = None  # noqa: N815  (the wire name)


class DeletedRead(BaseModel):
    id: Any
    object: str
    deleted: bool


def present_deleted(record_id: str | int, object_name: str) -> dict[str, Any]:
    """The answer to a delete, the same for every resource: `{"id", "object", "deleted": true}`."""
    return {"id": record_id, "object": object_name, "deleted": True}


@cache
def page_of(model: type[BaseModel]) -> type[BaseModel]:
    """`{has_more, before, after, data: [model]}` for a list endpoint's documentation."""
    return create_model(
        f"{model.__name__}Page",
        has_more=(bool, ...),
        before=(str, ...),
        after=(str, ...),
        data=(list[model], ...),  # type: ignore[valid-type]
    )
