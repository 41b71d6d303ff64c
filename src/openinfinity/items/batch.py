"""Batch writes of one board: up to 100 creates, updates, deletes and upserts in one transaction.

Each entry runs through the same service routine as its single request (consecutive creates
through one call of `service.create_items`, which single creates use too; `update_item`,
`delete_item`, `upsert.upsert_item`), so events, change feed and history are the same. After a
failing entry the others still run, so the 422 lists every failing entry; then the whole batch is
rolled back (all or nothing).

No savepoint per entry (they made a batch a third slower): the service routines check an entry
completely before writing any of it, so a refused entry has written nothing that later entries
could see. A failure the database itself reports (a write conflicting with a concurrent request)
ends the transaction: the batch stops there and reports the failures found so far.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.boards.access import BoardContext
from openinfinity.core import multiaction
from openinfinity.core.errors import ApiError, ValidationFailed
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
    """Run every step; raise BatchFailed listing each failed one."""
    outcomes: list[Outcome] = []
    failures: list[Failure] = []
    for index, step in enumerate(steps):
        try:
            outcomes.append(await step())
        except ApiError as exc:
            failures.append(Failure(index, exc))
            if not session.is_active:
                break
    if failures:
        raise BatchFailed(failures, len(steps), field=field)
    return outcomes


async def run_batch(
    session: AsyncSession, board: BoardContext, operations: list[BatchOperation]
) -> list[Outcome]:
    """Run `operations` in order, all or nothing (the caller's transaction commits them).

    Consecutive creates run as one call of the create routine (`service.create_items`), which
    reads the board's attributes, folders and positions once and writes each table in one
    statement; the items, values, events and history are those of the creates run one by one."""
    outcomes: list[Outcome] = []
    failures: list[Failure] = []
    creates = _Creates(session, board)
    for index, op in enumerate(operations):
        if op.action != "create":
            await creates.run(outcomes, failures)
            if not session.is_active:
                break
            try:
                outcomes.append(await _step(session, board, index, op)())
            except ApiError as exc:
                failures.append(Failure(index, exc))
                if not session.is_active:
                    break
            continue
        try:
            await creates.add(index, op)
        except ApiError as exc:
            failures.append(Failure(index, exc))
    if session.is_active:
        await creates.run(outcomes, failures)
    if failures:
        failures.sort(key=lambda f: f.index)
        raise BatchFailed(failures, len(operations))
    outcomes.sort(key=lambda o: o.index)
    return outcomes


class _Creates:
    """Consecutive create entries, checked for their own fields, waiting to run together."""

    def __init__(self, session: AsyncSession, board: BoardContext) -> None:
        self.session = session
        self.board = board
        self.indexes: list[int] = []
        self.entries: list[service.NewItem] = []
        self.ids: set[str] = set()

    async def add(self, index: int, op: BatchOperation) -> None:
        body = _item_fields(op)
        _check_not_deleting(op, body)
        if body.id is not None:
            if body.id in self.ids:
                raise ValidationFailed({"id": ["The id has already been taken."]})
            await service.check_new_item_id(self.session, body.id)
            self.ids.add(body.id)
        self.indexes.append(index)
        self.entries.append(service.NewItem(body, body.id))

    async def run(self, outcomes: list[Outcome], failures: list[Failure]) -> None:
        if not self.entries:
            return
        indexes, entries = self.indexes, self.entries
        self.indexes, self.entries, self.ids = [], [], set()
        try:
            results = await service.create_items(self.session, self.board, entries)
        except ApiError as exc:  # the database refused the writes: the transaction is over
            failures.append(Failure(indexes[0], exc))
            return
        for index, result in zip(indexes, results, strict=True):
            if isinstance(result, ApiError):
                failures.append(Failure(index, result))
            else:
                outcomes.append(Outcome(index, "create", 201, result))


def _item_fields(op: BatchOperation) -> ItemWrite:
    fields = op.model_fields_set - {"action", "match"}
    return ItemWrite.model_validate(op.model_dump(include=fields))


def _check_not_deleting(op: BatchOperation, body: ItemWrite) -> None:
    if multiaction.deletes(body.deleted_at) and op.action != "delete":
        raise ValidationFailed.field("deleted_at", "is only allowed with the delete action.")


def _step(session: AsyncSession, board: BoardContext, index: int, op: BatchOperation) -> Step:
    """An entry other than a create, run through its single request's service function."""

    async def run() -> Outcome:
        body = _item_fields(op)
        _check_not_deleting(op, body)
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


async def set_values(session: AsyncSession, board: BoardContext, body: BatchValueWrite) -> list[Outcome]:
    """Set one attribute's value on each of `body.item_ids`, each as an item update would."""
    update = ItemWrite(values=[ValueWrite(attribute_id=body.attribute_id, data=body.data)])

    def step(index: int, item_id: str) -> Step:
        async def run() -> Outcome:
            return Outcome(index, "update", 200, await service.update_item(session, board, item_id, update))

        return run

    steps = [step(i, item_id) for i, item_id in enumerate(body.item_ids)]
    return await _run_all(session, steps, field="item_ids")
