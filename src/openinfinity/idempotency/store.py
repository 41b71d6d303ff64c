"""The stored keys: claim one before a request runs, record its response in the request's own
transaction, release it when the request failed, and forget keys after their 24 hours.

A claim is committed on its own (so a concurrent repeat sees it and answers 409); the response
is recorded by the transaction that does the write, so either both are stored or neither is:
a crash after the commit replays, a crash before it leaves a claim that no write went with,
which a retry takes over once it is `STALE_AFTER` old.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.db import Database
from openinfinity.core.models import utcnow
from openinfinity.idempotency.errors import KeyInUse, KeyReused
from openinfinity.idempotency.models import IdempotencyKey

KEEP_FOR = timedelta(hours=24)
# A request still unfinished after this long is taken as dead (the server stopped mid-request):
# its claim may be taken over. Far above any request's run time.
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Claim:
    id: int
    token: str


@dataclass(frozen=True, slots=True)
class StoredResponse:
    status_code: int
    content_type: str | None
    body: bytes


async def claim(db: Database, user_id: int, key: str, fingerprint: str) -> Claim | StoredResponse:
    """Claim `key` for a request: a Claim when the request may run, the StoredResponse of the
    earlier run to replay; KeyReused (another request) or KeyInUse (still running) otherwise."""
    try:
        return await _claim(db, user_id, key, fingerprint)
    except IntegrityError:
        # A concurrent first use inserted the key meanwhile (PostgreSQL): it is now visible.
        return await _claim(db, user_id, key, fingerprint)


async def _claim(db: Database, user_id: int, key: str, fingerprint: str) -> Claim | StoredResponse:
    now = utcnow()
    async with db.transaction() as session:
        row = await session.scalar(
            select(IdempotencyKey)
            .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key)
            .with_for_update()
        )
        if row is not None and row.status_code is not None and row.created_at < now - KEEP_FOR:
            await session.delete(row)
            await session.flush()
            row = None
        if row is None:
            row = IdempotencyKey(
                user_id=user_id, key=key, fingerprint=fingerprint, claim=str(uuid.uuid4()), created_at=now
            )
            session.add(row)
            await session.flush()
            return Claim(row.id, row.claim)
        if row.fingerprint != fingerprint:
            raise KeyReused()
        if row.status_code is not None:
            return StoredResponse(row.status_code, row.content_type, row.body or b"")
        if row.created_at > now - STALE_AFTER:
            raise KeyInUse()
        # The earlier run died before committing (its write did not happen): run again.
        row.claim = str(uuid.uuid4())
        row.created_at = now
        return Claim(row.id, row.claim)


async def record(session: AsyncSession, claim: Claim, response: StoredResponse) -> None:
    """Store the response in the transaction of the write it answers (not committed here).
    KeyInUse when the claim was taken over meanwhile: the caller must roll the write back."""
    result = await session.execute(
        update(IdempotencyKey)
        .where(
            IdempotencyKey.id == claim.id,
            IdempotencyKey.claim == claim.token,
            IdempotencyKey.status_code.is_(None),
        )
        .values(
            status_code=response.status_code,
            content_type=response.content_type,
            body=response.body,
            created_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise KeyInUse()


async def record_alone(db: Database, claim: Claim, response: StoredResponse) -> None:
    """For a successful request that wrote nothing through the request transaction."""
    async with db.transaction() as session:
        await record(session, claim, response)


async def release(db: Database, claim: Claim) -> None:
    """Forget the claim of a request that failed (its write was rolled back): a retry runs again."""
    async with db.transaction() as session:
        await session.execute(
            delete(IdempotencyKey)
            .where(IdempotencyKey.id == claim.id, IdempotencyKey.claim == claim.token)
            .execution_options(synchronize_session=False)
        )


async def forget_expired(db: Database) -> int:
    """Delete the keys past their 24 hours (and claims long dead); returns how many."""
    async with db.transaction() as session:
        result = await session.execute(
            delete(IdempotencyKey)
            .where(IdempotencyKey.created_at < utcnow() - KEEP_FOR)
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)
