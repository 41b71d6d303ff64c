"""Request and response shapes of the hooks API, and the dict presenters routes return."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from openinfinity.core.timefmt import iso
from openinfinity.hooks.models import Hook, HookAttempt, HookDelivery

# The events a hook can subscribe to (the seed's seven plus item.deleted).
HOOK_EVENTS: tuple[str, ...] = (
    "item.created",
    "item.updated",
    "value.created",
    "value.updated",
    "comment.created",
    "comment.updated",
    "item.finalized",
    "item.deleted",
)
TEST_EVENT = "hook.test"
_EVENT_LIST = ", ".join(HOOK_EVENTS[:-1]) + f", or {HOOK_EVENTS[-1]}"


class HookEventIn(BaseModel):
    event: str
    data: Any = None


class HookWrite(BaseModel):
    """Create and update body. `events` entries may be `{"event": ...}` objects or plain strings."""

    url: str | None = Field(default=None, max_length=2048, description="The URL that the webhook will call.")
    events: list[HookEventIn | str] | None = Field(
        default=None, max_length=len(HOOK_EVENTS) * 4, description=f"Each one of {_EVENT_LIST}."
    )

    @field_validator("url")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() if value is not None else None

    def normalised_events(self) -> list[dict[str, Any]] | None:
        """`[{"event", "data"}]` without duplicates, or None when `events` was not sent.

        Unknown names are reported by the service (it words the 422 per index)."""
        if self.events is None:
            return None
        seen: dict[str, dict[str, Any]] = {}
        for entry in self.events:
            name, data = (entry, None) if isinstance(entry, str) else (entry.event, entry.data)
            seen.setdefault(name, {"event": name, "data": data})
        return list(seen.values())


class HookEventRead(BaseModel):
    event: str
    data: Any = None


class HookLogRead(BaseModel):
    id: str
    object: Literal["hook_log"] = "hook_log"
    delivery_id: str
    event: str
    attempt: int
    status_code: int | None
    success: bool
    duration_ms: int
    error: str | None
    response: str | None
    created_at: str


class HookRead(BaseModel):
    id: str
    object: Literal["hook"] = "hook"
    url: str
    user_id: int
    board_id: str
    secret: str
    events: list[HookEventRead]
    active: bool
    logs: list[HookLogRead] | None = None
    created_at: str
    deleted: bool


class HookAttemptRead(BaseModel):
    attempt: int
    url: str
    request_headers: dict[str, str]
    status_code: int | None
    success: bool
    duration_ms: int
    error: str | None
    response: str | None
    created_at: str


class HookDeliveryRead(BaseModel):
    id: str
    object: Literal["hook_delivery"] = "hook_delivery"
    hook_id: str
    event: str
    webhook_id: str
    payload: dict[str, Any]
    status: str
    attempts_made: int
    next_attempt_at: str | None
    attempts: list[HookAttemptRead]
    created_at: str
    completed_at: str | None


def present_hook(hook: Hook, *, logs: list[HookAttempt] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": hook.id,
        "object": "hook",
        "url": hook.url,
        "user_id": hook.user_id,
        "board_id": hook.board_id,
        "secret": hook.secret,
        "events": [{"event": e["event"], "data": e.get("data")} for e in hook.events],
        "active": hook.active,
        "created_at": iso(hook.created_at),
        "deleted": False,
    }
    if logs is not None:
        body["logs"] = [present_log(a) for a in logs]
    return body


def present_log(attempt: HookAttempt) -> dict[str, Any]:
    return {
        "id": attempt.id,
        "object": "hook_log",
        "delivery_id": attempt.delivery_id,
        "event": attempt.event,
        "attempt": attempt.attempt,
        "status_code": attempt.status_code,
        "success": attempt.success,
        "duration_ms": attempt.duration_ms,
        "error": attempt.error,
        "response": attempt.response_excerpt,
        "created_at": iso(attempt.created_at),
    }


def present_attempt(attempt: HookAttempt) -> dict[str, Any]:
    return {
        "attempt": attempt.attempt,
        "url": attempt.url,
        "request_headers": attempt.request_headers,
        "status_code": attempt.status_code,
        "success": attempt.success,
        "duration_ms": attempt.duration_ms,
        "error": attempt.error,
        "response": attempt.response_excerpt,
        "created_at": iso(attempt.created_at),
    }


def present_delivery(delivery: HookDelivery, attempts: list[HookAttempt]) -> dict[str, Any]:
    return {
        "id": delivery.id,
        "object": "hook_delivery",
        "hook_id": delivery.hook_id,
        "event": delivery.event,
        "webhook_id": delivery.message_id,
        "payload": delivery.payload,
        "status": delivery.status,
        "attempts_made": delivery.attempts,
        "next_attempt_at": iso(delivery.next_attempt_at) if delivery.is_open else None,
        "attempts": [present_attempt(a) for a in attempts],
        "created_at": iso(delivery.created_at),
        "completed_at": iso(delivery.completed_at),
    }


class HookFailureRead(BaseModel):
    status_code: int | None
    error: str | None
    event: str
    attempt: int
    created_at: str


class AdminHookRead(BaseModel):
    """A hook as instance admins see it: state and last failure, never its secret."""

    id: str
    object: Literal["hook"] = "hook"
    url: str
    user_id: int
    workspace_id: int
    board_id: str
    events: list[dict[str, Any]]
    active: bool
    deactivated_at: str | None
    deactivation_reason: str | None
    last_failure: HookFailureRead | None
    created_at: str


def present_admin_hook(hook: Hook, last_failure: HookAttempt | None) -> dict[str, Any]:
    failure = None
    if last_failure is not None:
        failure = {
            "status_code": last_failure.status_code,
            "error": last_failure.error,
            "event": last_failure.event,
            "attempt": last_failure.attempt,
            "created_at": iso(last_failure.created_at),
        }
    return {
        "id": hook.id,
        "object": "hook",
        "url": hook.url,
        "user_id": hook.user_id,
        "workspace_id": hook.workspace_id,
        "board_id": hook.board_id,
        "events": [{"event": e["event"], "data": e.get("data")} for e in hook.events],
        "active": hook.active,
        "deactivated_at": iso(hook.deactivated_at),
        "deactivation_reason": hook.deactivation_reason,
        "last_failure": failure,
        "created_at": iso(hook.created_at),
    }
