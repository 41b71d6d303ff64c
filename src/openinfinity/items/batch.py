"""Batch writes of one board: up to 100 creates, updates, deletes and upserts in one transaction.

Each entry runs through the same service function as its single request (`service.create_item`,
`update_item`, `delete_item`, `upsert.upsert_item`), so events, change feed and history are the
same. Each entry runs in a savepoint: a failing one is undone and the others still run, so the
422 lists every failing entry; then the whole batch is rolled back (all or nothing).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core.errors import ApiError, ValidationFailed
from openinfinity.core.ids import is_uuid
from openinfinity.items import service, upsert
from openinfinity.items.batch_schemas import BatchOperation, BatchValueWrite
from openinfinity.items.models import Item
from openinfinity.items.schemas import ItemWrite, ValueWrite


@dataclass(frozen=True, slots=True)
class Outcome:
    index: int
    action: str
    status: int
    item: Item


@dataclass(frozen=True, slots=True)
class Failure:
    index: int
    error: ApiError


class BatchFailed(ValidationFailed):
    """422: the entries that failed, each with its index and its own error; nothing was written."""

    code = "items/batch-failed"

    def __init__(self, failures: list[Failure], total: int, *, field: str = "operations") -> None:
        errors: dict[str, list[str]] = {}
        for failure in failures:
            own = failure.error.errors if isinstance(failure.error, ValidationFailed) else None
            if own:
                for name, messages in own.items():
                    errors.setdefault(f"{field}.{failure.index}.{name}", []).extend(messages)
            else:
                errors.setdefault(f"{field}.{failure.index}", []).append(failure.error.message)
        super().__init__(errors)
        self.failures = failures
        self.message = (
            f"{len(failures)} of {total} entries failed; nothing was written. "
            f"First, {field}.{failures[0].index}: {failures[0].error.message}"
        )

    def body(self) -> dict[str, Any]:
        body = super().body()
        body["code"] = self.code
        body["failures"] = [
            {"index": f.index, "status": f.error.status_code, **f.error.body()} for f in self.failures
        ]
        return body


Step = Callable[[], Awaitable[Outcome]]


async def _run_all(session: AsyncSession, steps: list[Step], field: str = "operations") -> list[Outcome]:
    """Run every step in its own savepoint; raise BatchFailed listing each failed one."""
    outcomes: list[Outcome] = []
    failures: list[Failure] = []
    for index, step in enumerate(steps):
        try:
            async with session.begin_nested():
                outcomes.append(await step())
        except ApiError as exc:
            failures.append(Failure(index, exc))
    if failures:
        raise BatchFailed(failures, len(steps), field=field)
    return outcomes


async def run_batch(
    session: AsyncSession, board: BoardContext, operations: list[BatchOperation]
) -> list[Outcome]:
    """Run `operations` in order, all or nothing (the caller's transaction commits them)."""
    return await _run_all(session, [_step(session, board, index, op) for index, op in enumerate(operations)])


def _item_fields(op: BatchOperation) -> ItemWrite:
    fields = op.model_fields_set - {"action", "match"}
    return ItemWrite.model_validate(op.model_dump(include=fields))


def _step(session: AsyncSession, board: BoardContext, index: int, op: BatchOperation) -> Step:
    async def run() -> Outcome:
        body = _item_fields(op)
        deleting = body.deleted_at is not None and body.deleted_at is not False
        if deleting and op.action != "delete":
            raise ValidationFailed.field("deleted_at", "is only allowed with the delete action.")
        if op.action == "create":
            if body.id is not None:
                await _check_new_id(session, body.id)
            return Outcome(
                index, op.action, 201, await service.create_item(session, board, body, item_id=body.id)
            )
        if op.action == "upsert":
            if not op.match:
                raise ValidationFailed.required("match")
            result = await upsert.upsert_item(session, board, op.match, body)
            return Outcome(index, op.action, 201 if result.created else 200, result.item)
        if body.id is None:
            raise ValidationFailed.required("id")
        if op.action == "update":
            return Outcome(index, op.action, 200, await service.update_item(session, board, body.id, body))
        return Outcome(index, op.action, 200, await service.delete_item(session, board, body.id))

    return run


async def _check_new_id(session: AsyncSession, item_id: str) -> None:
    if not is_uuid(item_id):
        raise ValidationFailed({"id": ["The id field must be a valid UUID."]})
    if await session.scalar(select(Item.id).where(Item.id == item_id)) is not None:
        raise ValidationFailed({"id": ["The id has already been taken."]})


async def set_values(session: AsyncSession, board: BoardContext, body: BatchValueWrite) -> list[Outcome]:
    """Set one attribute's value on each of `body.item_ids`, each as an item update would."""
    update = ItemWrite(values=[ValueWrite(attribute_id=body.attribute_id, data=body.data)])

    def step(index: int, item_id: str) -> Step:
        async def run() -> Outcome:
            return Outcome(index, "update", 200, await service.update_item(session, board, item_id, update))

        return run

    steps = [step(i, item_id) for i, item_id in enumerate(body.item_ids)]
    return await _run_all(session, steps, field="item_ids")
