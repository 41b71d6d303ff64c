"""What the history and audit endpoints return."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.core.history import ActorColumns, AuditEntry, ItemChange
from openinfinity.core.timefmt import iso


class ActorRead(BaseModel):
    user_id: int | None = Field(description="The user who made the change (None: the server itself).")
    via: Literal["personal", "oauth", "session", "system"] = Field(
        description="The credential: a personal token, an OAuth application's token, the web app's "
        "signed-in session, or the server itself (commands, maintenance)."
    )
    token_id: int | None = Field(description="The token used (personal and oauth).")
    oauth_client_id: int | None = Field(description="The OAuth application (oauth only).")


class ItemChangeRead(BaseModel):
    id: int
    object: Literal["item_change"] = "item_change"
    item_id: str
    action: Literal[
        "item.created", "item.updated", "item.deleted", "value.created", "value.updated", "value.deleted"
    ]
    attribute_id: str | None = Field(description="Set for value changes.")
    field: str | None = Field(
        description="Set for item changes: folder_id, parent_id, sort_order, deleted_at."
    )
    old: Any = Field(description="The value before (None when there was none).")
    new: Any = Field(description="The value after (None when removed).")
    actor: ActorRead
    created_at: str


class AuditEntryRead(BaseModel):
    id: int
    object: Literal["audit_entry"] = "audit_entry"
    workspace_id: int
    action: str = Field(description="e.g. member.added, token.created, hook.deleted (see docs/history.md).")
    target_type: str
    target_id: str | None
    details: dict[str, Any]
    actor: ActorRead
    address: str | None = Field(description="The client address the request came from.")
    created_at: str


def present_actor(row: ActorColumns) -> dict[str, Any]:
    return {
        "user_id": row.actor_user_id,
        "via": row.actor_kind,
        "token_id": row.actor_token_id,
        "oauth_client_id": row.actor_client_id,
    }


def present_item_change(row: ItemChange) -> dict[str, Any]:
    return {
        "id": row.id,
        "object": "item_change",
        "item_id": row.item_id,
        "action": row.action,
        "attribute_id": row.attribute_id,
        "field": row.field,
        "old": row.old,
        "new": row.new,
        "actor": present_actor(row),
        "created_at": iso(row.created_at),
    }


def present_audit_entry(row: AuditEntry) -> dict[str, Any]:
    return {
        "id": row.id,
        "object": "audit_entry",
        "workspace_id": row.workspace_id,
        "action": row.action,
        "target_type": row.target_type,
        "target_id": row.target_id,
        "details": row.details,
        "actor": present_actor(row),
        "address": row.address,
        "created_at": iso(row.created_at),
    }
