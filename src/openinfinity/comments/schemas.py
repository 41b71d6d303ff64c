"""Comment shapes: pydantic classes document them; presenters build the response dicts."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.comments.models import Comment
from openinfinity.core.multiaction import DELETED_AT_DESCRIPTION
from openinfinity.core.timefmt import iso

MAX_TEXT = 100_000


class CommentRead(BaseModel):
    id: str
    object: Literal["comment"] = "comment"
    parent_id: str | None
    text: str
    created_at: str | None
    created_by: int | dict[str, Any] | None = Field(
        description="User id, or the user object with expand[]=created_by"
    )
    item: dict[str, Any] | None = Field(default=None, description="With expand[]=item or item.values")
    deleted: bool


class CommentWrite(BaseModel):
    """Body of create and update. On the collection, `id` of an existing comment updates it and
    `deleted_at` deletes it (multi-action)."""

    text: str | None = Field(default=None, max_length=MAX_TEXT, description="HTML; sanitised on save")
    parent_id: str | None = Field(default=None, max_length=64, description="Comment id this replies to")
    id: str | None = Field(default=None, max_length=64, description="Multi-action: existing or new id")
    deleted_at: Any = Field(default=None, description=DELETED_AT_DESCRIPTION)


def present_comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "object": "comment",
        "parent_id": comment.parent_id,
        "text": comment.text,
        "created_at": iso(comment.created_at),
        "created_by": comment.created_by,
        "deleted": comment.deleted_at is not None,
    }
