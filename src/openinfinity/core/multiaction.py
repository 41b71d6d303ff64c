"""The multi-action POST: one endpoint that creates, updates or deletes, decided by `id` and
`deleted_at` with one rule for every resource (items, attributes, folders, views, comments).

The hosted API's reference: "If the ID is new, a new record will be created. In any other case, it
will be updated. To delete an entry, update it with deleted_at property set to the current date."
Its resources had drifted apart on the edges (`false` deleted a view, `0` deleted an item, `deleted_at`
without `id` created a view), so the rule is written here once:

- `deleted_at` **deletes** when it is a date or date-time string (ISO 8601, as date values accept:
  `2023-05-25`, `2023-05-25T22:01:55.000000Z`, `2023-05-25 22:01:55`) or `true`;
- `false`, `null`, `0` or no `deleted_at` do **not** delete;
- any other value (`1`, `"yes"`, an unparseable string, an object) is a **422** on `deleted_at`;
- `deleted_at` without `id` is a **422** on `id` (a create cannot delete);
- no `id` creates; an `id` of a live record of this board (or item) updates it, or deletes it;
- an unknown `id` creates the record with that id, or is a **404** when `deleted_at` deletes; an
  `id` used elsewhere (another board, or a deleted record) is a **422** "already been taken" (the
  resource's create refuses it, as it refuses an id of the wrong form).

Both 422s carry the code `general/invalid-fields`. PUT/PATCH of an item with `deleted_at` reads it
with the same `deletes()`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from openinfinity.core.errors import NotFound, ValidationFailed
from openinfinity.core.timefmt import parse_iso

# The OpenAPI description of the `deleted_at` field of every multi-action body.
DELETED_AT_DESCRIPTION = (
    "Multi-action: a date or date-time (ISO 8601) or `true` deletes the record (with its `id`); "
    "`false`, `null` and `0` do not; anything else is a 422."
)
# The OpenAPI description of every multi-action POST.
RULE = (
    "Multi-action: without `id` the record is created; with the `id` of a live record it is updated, "
    "or deleted when `deleted_at` is a date or date-time (ISO 8601) or `true`; with a new `id` it is "
    "created with that id (404 if `deleted_at` asks for a delete). `false`, `null` and `0` never "
    "delete; any other `deleted_at`, or `deleted_at` without `id`, is a 422 (`general/invalid-fields`)."
)
_MAX_TIMESTAMP = 64

T = TypeVar("T")


class Action(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class Outcome(Generic[T]):
    record: T
    action: Action

    @property
    def created(self) -> bool:
        return self.action is Action.CREATED

    @property
    def deleted(self) -> bool:
        return self.action is Action.DELETED


def deletes(deleted_at: Any) -> bool:
    """Whether a body's `deleted_at` asks for a delete; a 422 when it is neither a delete nor a no."""
    if deleted_at is None or deleted_at is False:
        return False
    if deleted_at is True:
        return True
    if type(deleted_at) in (int, float) and deleted_at == 0:
        return False
    if isinstance(deleted_at, str) and len(deleted_at) <= _MAX_TIMESTAMP:
        try:
            parse_iso(deleted_at)
        except ValueError:
            pass
        else:
            return True
    raise ValidationFailed.field("deleted_at", "must be a date, true, false or null.")


def _id_required() -> ValidationFailed:
    return ValidationFailed({"id": ["The id field is required when deleted at is present."]})


async def run(
    *,
    record_id: str | None,
    deleted_at: Any,
    what: str,
    find: Callable[[str], Awaitable[T | None]],
    create: Callable[[str | None], Awaitable[T]],
    update: Callable[[T], Awaitable[T]],
    delete: Callable[[T], Awaitable[T]],
) -> Outcome[T]:
    """Decide and do one multi-action request.

    `find(id)` returns the live record with that id in the request's scope (board, or item for
    comments) or None; `create(id)` creates one (a None id lets the server choose) and refuses an
    id that is ill-formed or taken anywhere; `what` names the resource in a 404 ("Item")."""
    deleting = deletes(deleted_at)
    if record_id is None:
        if deleting:
            raise _id_required()
        return Outcome(await create(None), Action.CREATED)
    existing = await find(record_id)
    if existing is None:
        if deleting:
            raise NotFound.of(what)
        return Outcome(await create(record_id), Action.CREATED)
    if deleting:
        return Outcome(await delete(existing), Action.DELETED)
    return Outcome(await update(existing), Action.UPDATED)
