"""The delivery loop: outbox events -> one delivery per subscribed hook -> signed HTTP attempts.

Each step is its own short transaction, so any number of dispatchers (the in-process one of
`serve`, `openinfinity worker` processes) can run against one database:

1. fan-out: undispatched outbox events become delivery rows and are marked dispatched, in one
   transaction (so an event is fanned out exactly once). Serialised by an advisory lock on
   PostgreSQL and by the BEGIN IMMEDIATE write lock on SQLite, and done in outbox id order, so the
   deliveries of one item for one hook exist in the order the events happened.
2. claim: due deliveries are switched to `sending` under a lease (`FOR UPDATE SKIP LOCKED` on
   PostgreSQL: two workers never claim the same row). A delivery waits while an earlier delivery
   of the same item to the same hook is still open: that is the per-item order guarantee.
3. send, outside any transaction, concurrently.
4. complete: each attempt is logged; success closes the delivery, failure schedules the next
   attempt or, after the last one (or on 410 Gone), deactivates the hook.

A worker killed between 2 and 4 leaves its deliveries `sending`; once their lease (timeout +
margin) expires another dispatcher claims them again: every event is delivered at least once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from openinfinity.accounts.users.models import User
from openinfinity.core import metrics
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.events import OutboxEvent
from openinfinity.core.inlist import in_values
from openinfinity.core.models import utcnow
from openinfinity.core.softdelete import live
from openinfinity.history import service as history
from openinfinity.hooks import delivery, outbox, wake
from openinfinity.hooks.models import (
    CANCELLED,
    FAILED,
    OPEN_STATES,
    PENDING,
    SENDING,
    SUCCEEDED,
    Hook,
    HookAttempt,
    HookDelivery,
)
from openinfinity.items import purge
from openinfinity.items.models import ItemPurge

log = logging.getLogger(__name__)

FANOUT_BATCH = 500
PRUNE_EVERY_SECONDS = 600.0
FANOUT_LOCK_KEY = 0x6F69686B  # "oihk": one fan-out at a time across PostgreSQL workers


@dataclass(frozen=True, slots=True)
class Claim:
    """What a claimed delivery needs to be sent, read in the claim transaction."""

    delivery_id: str
    hook_id: str
    url: str
    secret: str
    message_id: str
    event: str
    payload: dict[str, Any]
    attempt: int
    lease_until: datetime


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(HookDelivery.status == PENDING, HookDelivery.next_attempt_at <= now),
        and_(HookDelivery.status == SENDING, HookDelivery.lease_until < now),
    )


class Dispatcher:
    def __init__(self, db: Database, settings: Settings) -> None:
        self.db = db
        self.settings = settings
        self.delays = settings.retry_delays
        self.lease = timedelta(seconds=settings.webhook_timeout + settings.webhook_lease_margin)
        # Set when a commit wrote events or deliveries (see wake.py); the poll is the fallback.
        self.wake = asyncio.Event()
        self.clients = delivery.ClientPool(per_origin=settings.webhook_connections_per_host)

    async def aclose(self) -> None:
        await self.clients.aclose()

    # -- the loop ---------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; attempts in flight are finished first.

        Pipelined: more deliveries are claimed while others are still being sent, up to
        `webhook_batch_size` in flight, so a slow receiver holds up nobody but itself."""
        inflight: set[asyncio.Task[tuple[Claim, delivery.Outcome]]] = set()
        busy = True
        next_prune = time.monotonic()
        close_listener = await wake.listen_postgres(self.db.engine, self.wake)
        try:
            while True:
                finished = [task for task in inflight if task.done()]
                if finished:
                    inflight.difference_update(finished)
                    await self._complete_safely([task.result() for task in finished])
                if stop.is_set():
                    if not inflight:
                        break
                    await asyncio.wait(inflight, return_when=asyncio.FIRST_COMPLETED)
                    continue
                if time.monotonic() >= next_prune:
                    next_prune = time.monotonic() + PRUNE_EVERY_SECONDS
                    await self._prune_safely()
                woken = self.wake.is_set()
                self.wake.clear()
                busy_before, busy = busy, False
                try:
                    if busy_before or woken or finished or await self.has_work():
                        # More may be waiting when events were fanned out or the claim was full.
                        # One batch of a large delete per round: writers get the lock in between.
                        busy = await purge.run_batch(self.db) > 0
                        busy = await self.fan_out() > 0 or busy
                        room = self.settings.webhook_batch_size - len(inflight)
                        if room > 0:
                            claims = await self.claim(limit=room)
                            busy = busy or len(claims) == room
                            inflight.update(asyncio.create_task(self._attempt(c)) for c in claims)
                except Exception:  # keep delivering: one failed round must not stop the worker
                    log.exception("webhook dispatch failed; retrying")
                if not busy or len(inflight) >= self.settings.webhook_batch_size:
                    await self._idle(stop, inflight)
        finally:
            for task in inflight:  # only when cancelled: their deliveries are retried after the lease
                task.cancel()
            if close_listener is not None:
                with contextlib.suppress(Exception):
                    await close_listener()
            await self.aclose()

    async def _idle(self, stop: asyncio.Event, inflight: set[asyncio.Task[Any]]) -> None:
        """Sleep until all attempts in flight are done, a commit wakes us, the poll interval
        passes (a slow receiver keeps its slot; the others are settled then), or stop. Waiting
        for the whole set settles and refills in batches rather than one transaction per attempt."""
        waiters: list[asyncio.Future[Any]] = [
            asyncio.ensure_future(stop.wait()),
            asyncio.ensure_future(self.wake.wait()),
        ]
        if inflight:
            waiters.append(asyncio.ensure_future(asyncio.wait(inflight)))
        try:
            await asyncio.wait(
                waiters, timeout=self.settings.webhook_poll_interval, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiter in waiters:
                waiter.cancel()
        if self.wake.is_set() and self.settings.webhook_coalesce > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.settings.webhook_coalesce)

    async def _prune_safely(self) -> None:
        try:
            await self.prune()
        except Exception:
            log.exception("pruning webhook history failed")

    async def run_once(self) -> int:
        """One round: a batch of a large delete, fan out, claim, send, complete. Returns how much
        work it found."""
        purged = await purge.run_batch(self.db)
        fanned = await self.fan_out()
        claims = await self.claim()
        if claims:
            await self.deliver(claims)
        return purged + fanned + len(claims)

    async def drain(self, *, rounds: int = 1000) -> None:
        """Work until nothing is due now (retries scheduled later are left). For tests, CLI."""
        for _ in range(rounds):
            if not await self.run_once() and not await self.has_work():
                return

    async def fan_out(self) -> int:
        return await outbox.fan_out(self.db)

    async def prune(self) -> int:
        """Housekeeping: old outbox events and deliveries, and item history and audit entries
        past their retention (docs/history.md)."""
        removed = await outbox.prune(
            self.db,
            retention_days=self.settings.webhook_retention_days,
            feed_history_hours=self.settings.changes_history_hours,
        )
        return removed + await history.prune(self.db, self.settings)

    async def has_work(self) -> bool:
        """A read-only look, so an idle dispatcher never takes SQLite's write lock."""
        async with self.db.transaction(write=False) as session:
            pending = await session.scalar(
                select(OutboxEvent.id).where(OutboxEvent.dispatched_at.is_(None)).limit(1)
            )
            if pending is not None:
                return True
            due = await session.scalar(select(HookDelivery.id).where(_due(utcnow())).limit(1))
            if due is not None:
                return True
            return await session.scalar(select(ItemPurge.id).limit(1)) is not None

    # -- 2. claim (1. fan-out is in outbox.py) ---------------------------------------------

    async def claim(self, *, limit: int | None = None) -> list[Claim]:
        now = utcnow()
        lease_until = now + self.lease
        earlier = aliased(HookDelivery)
        blocked = (
            select(earlier.id)
            .where(
                earlier.hook_id == HookDelivery.hook_id,
                earlier.item_key == HookDelivery.item_key,
                earlier.seq < HookDelivery.seq,
                earlier.status.in_(OPEN_STATES),
            )
            .exists()
        )
        stmt = (
            select(HookDelivery)
            .where(_due(now), ~blocked)
            .order_by(HookDelivery.next_attempt_at, HookDelivery.seq)
            .limit(limit or self.settings.webhook_batch_size)
            .with_for_update(skip_locked=True, of=HookDelivery)
        )
        async with self.db.transaction() as session:
            deliveries = list(await session.scalars(stmt))
            if not deliveries:
                return []
            hook_ids = {d.hook_id for d in deliveries}
            hooks = {h.id: h for h in await session.scalars(select(Hook).where(Hook.id.in_(hook_ids)))}
            # A deactivated (or deleted) owner's deliveries, queued before, are never sent.
            acting = set(
                await session.scalars(
                    select(User.id).where(
                        User.id.in_({h.user_id for h in hooks.values()}),
                        User.active.is_(True),
                        live(User),
                    )
                )
            )
            claims: list[Claim] = []
            for row in deliveries:
                hook = hooks.get(row.hook_id)
                if hook is None or hook.user_id not in acting or (not hook.active and not row.manual):
                    row.status, row.completed_at = CANCELLED, now
                    continue
                if row.status == PENDING:
                    row.attempts += 1  # a reclaimed `sending` row keeps its number: it never finished
                row.status, row.lease_until = SENDING, lease_until
                claims.append(
                    Claim(
                        delivery_id=row.id,
                        hook_id=hook.id,
                        url=hook.url,
                        secret=hook.secret,
                        message_id=row.message_id,
                        event=row.event,
                        payload=row.payload,
                        attempt=row.attempts,
                        lease_until=lease_until,
                    )
                )
            return claims

    # -- 3. send and 4. complete ------------------------------------------------------------

    async def deliver(self, claims: list[Claim]) -> None:
        """Send a batch concurrently, then settle it (the unpipelined round of `run_once`)."""
        await self._complete_safely(list(await asyncio.gather(*(self._attempt(c) for c in claims))))

    async def _attempt(self, claim: Claim) -> tuple[Claim, delivery.Outcome]:
        try:
            outcome = await self._send(claim)
        except Exception as exc:  # a bug must fail the attempt, not leave it `sending` until the lease
            log.exception("webhook attempt crashed")
            error = f"Internal error: {type(exc).__name__}"
            outcome = delivery.Outcome(request_headers={}, error=error)
        _log_attempt(claim, outcome)
        return claim, outcome

    async def _complete_safely(self, results: list[tuple[Claim, delivery.Outcome]]) -> None:
        """Settle results; a failure (a deadlock, say) retries the whole set. If the
        database stays unavailable the deliveries remain `sending` and are retried after their
        lease: at least once, never lost."""
        for attempt in range(3):
            try:
                await self.complete(results)
                return
            except Exception:
                if attempt == 2:
                    log.exception("completing webhook deliveries failed; they will be retried")
                    return
                log.warning("completing webhook deliveries failed; trying again", exc_info=True)

    async def _send(self, claim: Claim) -> delivery.Outcome:
        return await delivery.send(
            self.clients,
            url=claim.url,
            secret=claim.secret,
            message_id=claim.message_id,
            event=claim.event,
            payload=claim.payload,
            timeout_seconds=self.settings.webhook_timeout,
            allow_private=self.settings.allow_private_urls,
        )

    async def complete(self, results: list[tuple[Claim, delivery.Outcome]]) -> None:
        now = utcnow()
        async with self.db.transaction() as session:
            # Lock hooks before deliveries, each in id order: no two workers wait on each other.
            hook_ids = sorted({claim.hook_id for claim, _ in results})
            hooks = {
                h.id: h
                for h in await session.scalars(
                    select(Hook).where(Hook.id.in_(hook_ids)).order_by(Hook.id).with_for_update()
                )
            }
            delivery_ids = sorted(claim.delivery_id for claim, _ in results)
            rows = {
                d.id: d
                for d in await session.scalars(
                    select(HookDelivery)
                    .where(in_values(self.db.engine.dialect.name, HookDelivery.id, delivery_ids))
                    .order_by(HookDelivery.id)
                    .with_for_update()
                )
            }
            for claim, outcome in results:
                hook, row = hooks.get(claim.hook_id), rows.get(claim.delivery_id)
                if hook is None or row is None:
                    continue  # the hook was deleted meanwhile
                session.add(_attempt_log(claim, outcome, now))
                if row.status != SENDING or row.lease_until != claim.lease_until:
                    continue  # cancelled, or our lease ran out and another dispatcher took over
                await self._settle(session, hook, row, outcome, now)

    async def _settle(
        self, session: AsyncSession, hook: Hook, row: HookDelivery, outcome: delivery.Outcome, now: datetime
    ) -> None:
        row.last_status_code = outcome.status_code
        row.lease_until = None
        if outcome.success:
            row.status, row.completed_at = SUCCEEDED, now
        elif outcome.gone:
            row.status, row.completed_at = FAILED, now
            await self._deactivate(session, hook, now, "The receiver answered 410 Gone.")
        elif row.manual or row.attempts > len(self.delays):
            row.status, row.completed_at = FAILED, now
            if not row.manual:
                await self._deactivate(session, hook, now, f"{row.attempts} failed attempts in a row.")
        else:
            row.status = PENDING
            row.next_attempt_at = now + timedelta(seconds=self.delays[row.attempts - 1])

    async def _deactivate(self, session: AsyncSession, hook: Hook, now: datetime, reason: str) -> None:
        """Switch the hook off; its undelivered events are cancelled (not kept for later)."""
        await session.flush()  # the settled row must be final before the bulk update below
        if hook.active:
            log.warning("webhook %s deactivated: %s", hook.id, reason)
        hook.active, hook.deactivated_at, hook.deactivation_reason = False, now, reason
        await session.execute(
            update(HookDelivery)
            .where(
                HookDelivery.hook_id == hook.id,
                HookDelivery.status.in_(OPEN_STATES),
                HookDelivery.manual.is_(False),
            )
            .values(status=CANCELLED, completed_at=now, lease_until=None)
            .execution_options(synchronize_session="fetch")
        )


def _attempt_log(claim: Claim, outcome: delivery.Outcome, now: datetime) -> HookAttempt:
    return HookAttempt(
        delivery_id=claim.delivery_id,
        hook_id=claim.hook_id,
        attempt=claim.attempt,
        event=claim.event,
        url=claim.url,
        request_headers=outcome.request_headers,
        status_code=outcome.status_code,
        success=outcome.success,
        error=outcome.error,
        response_excerpt=outcome.response_excerpt,
        duration_ms=outcome.duration_ms,
        created_at=now,
    )


def _log_attempt(claim: Claim, outcome: delivery.Outcome) -> None:
    fields = {
        "hook_id": claim.hook_id,
        "delivery_id": claim.delivery_id,
        "event": claim.event,
        "attempt": claim.attempt,
        "status": outcome.status_code,
        "duration_ms": outcome.duration_ms,
        "error": outcome.error,
    }
    if outcome.success:
        metrics.WEBHOOK_ATTEMPTS.labels("success").inc()
        log.info("webhook delivered", extra=fields)
    else:
        metrics.WEBHOOK_ATTEMPTS.labels("failure").inc()
        log.warning("webhook delivery failed", extra=fields)
