"""Webhooks, their deliveries, and the change feed's events (the same events and payloads)."""

from __future__ import annotations

from typing import Any, Literal

from infinity_client.models._base import Model

EventName = Literal[
    "item.created", "item.updated", "item.finalized", "item.deleted", "value.created", "value.updated",
    "comment.created", "comment.updated",
]  # fmt: skip


class HookEvent(Model):
    event: str
    data: Any = None


class HookLog(Model):
    id: str
    object: Literal["hook_log"] = "hook_log"
    delivery_id: str
    event: str
    attempt: int
    status_code: int | None = None
    success: bool
    duration_ms: int | None = None
    error: str | None = None
    response: str | None = None
    created_at: str


class Hook(Model):
    id: str
    object: Literal["hook"] = "hook"
    url: str
    user_id: int | None = None
    board_id: str | None = None
    secret: str
    events: list[HookEvent] = []
    active: bool = True
    logs: list[HookLog] | None = None
    created_at: str | None = None
    deleted: bool = False


class HookAttempt(Model):
    attempt: int
    url: str
    request_headers: dict[str, str] = {}
    status_code: int | None = None
    success: bool
    duration_ms: int | None = None
    error: str | None = None
    response: str | None = None
    created_at: str


class HookDelivery(Model):
    id: str
    object: Literal["hook_delivery"] = "hook_delivery"
    hook_id: str
    event: str
    webhook_id: str
    payload: dict[str, Any]
    status: str
    attempts_made: int
    next_attempt_at: str | None = None
    attempts: list[HookAttempt] = []
    created_at: str
    completed_at: str | None = None


class Event(Model):
    """A webhook body or a change feed event: `{"event", "payload"}`, the payload being the API
    object of the resource (an item, a value, a comment). `id` is the change feed's cursor."""

    id: str | None = None
    event: str
    payload: dict[str, Any]


class ChangePage(Model):
    data: list[Event]
    after: str
    has_more: bool = False


class HookFailure(Model):
    status_code: int | None = None
    error: str | None = None
    event: str
    attempt: int
    created_at: str


class AdminHook(Model):
    """A hook as instance admins see it: state and last failure, never its secret."""

    id: str
    object: Literal["hook"] = "hook"
    url: str
    user_id: int
    workspace_id: int
    board_id: str
    events: list[HookEvent] = []
    active: bool
    deactivated_at: str | None = None
    deactivation_reason: str | None = None
    last_failure: HookFailure | None = None
    created_at: str | None = None
