"""Hooks API operations. A hook belongs to the user who made it and to one board: every lookup is
scoped to both, so another user's hook is a 404 like an unknown id."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from openinfinity.boards.access import BoardContext
from openinfinity.core import history as recorder
from openinfinity.core.config import Settings
from openinfinity.core.errors import NotFound, ValidationFailed, merge_validation
from openinfinity.core.ids import is_uuid
from openinfinity.core.models import utcnow
from openinfinity.core.netguard import BlockedURL, check_url
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.hooks import signing
from openinfinity.hooks.models import PENDING, Hook, HookAttempt, HookDelivery
from openinfinity.hooks.schemas import HOOK_EVENTS, TEST_EVENT, HookWrite

LOG_LIMIT = 25  # attempts shown per hook by `expand[]=logs`


def new_message_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


async def _validate(body: HookWrite, settings: Settings, *, creating: bool) -> list[dict[str, Any]] | None:
    problems: list[ValidationFailed] = []
    if creating and not body.url:
        problems.append(ValidationFailed.required("url"))
    elif body.url is not None:
        try:
            await check_url(body.url, allow_private=settings.allow_private_urls)
        except BlockedURL as exc:
            problems.append(ValidationFailed({"url": [str(exc)]}))
    events = body.normalised_events()
    for index, entry in enumerate(events or []):
        if entry["event"] not in HOOK_EVENTS:
            field = f"events.{index}.event"
            problems.append(ValidationFailed({field: [f"The selected {field} is invalid."]}))
    if problems:
        raise merge_validation(problems)
    return events


async def create(session: AsyncSession, board: BoardContext, settings: Settings, body: HookWrite) -> Hook:
    events = await _validate(body, settings, creating=True)
    assert body.url is not None
    hook = Hook(
        workspace_id=board.workspace.id,
        board_id=board.id,
        user_id=board.user_id,
        url=body.url,
        secret=signing.new_secret(),
        events=events or [],
        active=True,
    )
    session.add(hook)
    await session.flush()
    _audit(session, board, "hook.created", hook)
    return hook


def _audit(session: AsyncSession, board: BoardContext, action: str, hook: Hook) -> None:
    recorder.audit(
        session,
        workspace_id=board.workspace.id,
        action=action,
        target_type="hook",
        target_id=hook.id,
        details={"board_id": board.id, "url": hook.url, "events": list(hook.events or [])},
        principal=board.workspace.principal,
    )


async def get_own(session: AsyncSession, board: BoardContext, hook_id: str, *, lock: bool = False) -> Hook:
    """The caller's hook on this board. `lock` takes the row lock first, in the order the
    dispatcher locks (hook, then its deliveries), so deleting cannot deadlock with it."""
    hook = None
    if is_uuid(hook_id):
        stmt = select(Hook).where(
            Hook.id == hook_id, Hook.board_id == board.id, Hook.user_id == board.user_id
        )
        hook = await session.scalar(stmt.with_for_update() if lock else stmt)
    if hook is None:
        raise NotFound.of("Hook")
    return hook


async def update(
    session: AsyncSession, board: BoardContext, settings: Settings, hook_id: str, body: HookWrite
) -> Hook:
    """Change url and/or events. Any update re-activates a deactivated hook (the owner has
    presumably fixed the receiver); deliveries cancelled meanwhile are not resent."""
    hook = await get_own(session, board, hook_id)
    events = await _validate(body, settings, creating=False)  # resolves the host: before locking
    await session.refresh(hook, with_for_update=True)
    if body.url is not None:
        hook.url = body.url
    if events is not None:
        hook.events = events
    hook.active = True
    hook.deactivated_at = None
    hook.deactivation_reason = None
    hook.updated_at = utcnow()
    await session.flush()
    _audit(session, board, "hook.updated", hook)
    return hook


async def remove(session: AsyncSession, board: BoardContext, hook_id: str) -> Hook:
    hook = await get_own(session, board, hook_id, lock=True)
    # Attempts and deliveries go with it (ON DELETE CASCADE; explicit for clarity and for
    # databases where foreign keys might be off).
    await session.execute(delete(HookAttempt).where(HookAttempt.hook_id == hook.id))
    await session.execute(delete(HookDelivery).where(HookDelivery.hook_id == hook.id))
    _audit(session, board, "hook.deleted", hook)
    await session.delete(hook)
    await session.flush()
    return hook


async def list_own(session: AsyncSession, board: BoardContext, params: PageParams) -> Page[Hook]:
    stmt = select(Hook).where(Hook.board_id == board.id, Hook.user_id == board.user_id)
    return await paginate(session, stmt, params, id_column=Hook.id, created_column=Hook.created_at)


async def recent_logs(session: AsyncSession, hooks: list[Hook]) -> dict[str, list[HookAttempt]]:
    """The latest attempts of each hook, newest first, in one query for the whole page."""
    logs: dict[str, list[HookAttempt]] = {hook.id: [] for hook in hooks}
    if not hooks:
        return logs
    newest_first = (HookAttempt.created_at.desc(), HookAttempt.id.desc())
    ranked = (
        select(
            HookAttempt,
            func.row_number().over(partition_by=HookAttempt.hook_id, order_by=newest_first).label("rank"),
        )
        .where(HookAttempt.hook_id.in_(list(logs)))
        .subquery()
    )
    attempt = aliased(HookAttempt, ranked)
    rows = await session.scalars(
        select(attempt).where(ranked.c.rank <= LOG_LIMIT).order_by(ranked.c.hook_id, ranked.c.rank)
    )
    for row in rows:
        logs[row.hook_id].append(row)
    return logs


async def list_deliveries(
    session: AsyncSession, board: BoardContext, hook_id: str, params: PageParams
) -> tuple[Page[HookDelivery], dict[str, list[HookAttempt]]]:
    hook = await get_own(session, board, hook_id)
    stmt = select(HookDelivery).where(HookDelivery.hook_id == hook.id)
    page = await paginate(
        session, stmt, params, id_column=HookDelivery.id, created_column=HookDelivery.created_at
    )
    attempts: dict[str, list[HookAttempt]] = {d.id: [] for d in page.rows}
    if attempts:
        rows = await session.scalars(
            select(HookAttempt)
            .where(HookAttempt.delivery_id.in_(list(attempts)))
            .order_by(HookAttempt.attempt, HookAttempt.created_at)
        )
        for attempt in rows:
            attempts[attempt.delivery_id].append(attempt)
    return page, attempts


async def redeliver(
    session: AsyncSession, board: BoardContext, hook_id: str, delivery_id: str
) -> HookDelivery:
    """Queue one more attempt of a past delivery, with the same `webhook-id` so receivers that
    already processed it can tell. Manual: one attempt, outside the per-item order."""
    hook = await get_own(session, board, hook_id)
    original = None
    if is_uuid(delivery_id):
        original = await session.scalar(
            select(HookDelivery).where(HookDelivery.id == delivery_id, HookDelivery.hook_id == hook.id)
        )
    if original is None:
        raise NotFound.of("Delivery")
    copy = HookDelivery(
        hook_id=hook.id,
        event_id=original.event_id,
        seq=original.seq,
        item_key=None,
        event=original.event,
        payload=original.payload,
        message_id=original.message_id,
        manual=True,
        status=PENDING,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(copy)
    await session.flush()
    return copy


async def send_test(session: AsyncSession, board: BoardContext, hook_id: str) -> HookDelivery:
    """Queue a `hook.test` event to the hook (also when inactive: that is how one checks a fix)."""
    hook = await get_own(session, board, hook_id)
    delivery = HookDelivery(
        hook_id=hook.id,
        event=TEST_EVENT,
        payload={
            "id": hook.id,
            "object": "hook",
            "url": hook.url,
            "user_id": hook.user_id,
            "board_id": hook.board_id,
        },
        message_id=new_message_id(),
        manual=True,
        status=PENDING,
        next_attempt_at=utcnow(),
    )
    session.add(delivery)
    await session.flush()
    return delivery


async def list_all(session: AsyncSession, params: PageParams) -> Page[Hook]:
    """Every hook of the instance (the admin API)."""
    return await paginate(session, select(Hook), params, id_column=Hook.id, created_column=Hook.created_at)


async def last_failures(session: AsyncSession, hook_ids: list[str]) -> dict[str, HookAttempt]:
    """The most recent failed attempt of each hook, in one query."""
    if not hook_ids:
        return {}
    latest = (
        select(HookAttempt.hook_id, func.max(HookAttempt.created_at).label("at"))
        .where(HookAttempt.hook_id.in_(hook_ids), HookAttempt.success.is_(False))
        .group_by(HookAttempt.hook_id)
        .subquery()
    )
    rows = await session.scalars(
        select(HookAttempt)
        .join(latest, (HookAttempt.hook_id == latest.c.hook_id) & (HookAttempt.created_at == latest.c.at))
        .where(HookAttempt.success.is_(False))
    )
    return {row.hook_id: row for row in rows}
