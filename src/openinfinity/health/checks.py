"""The readiness checks: each answers None when fine or the reason it is not, within a timeout,
so a hung database or Redis makes the probe fail instead of hang."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import redis.asyncio as redis
from sqlalchemy import text

from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.migrate import unmigrated_reason
from openinfinity.files.storage import Storage

TIMEOUT_SECONDS = 3.0

Check = Callable[[], Awaitable[str | None]]


async def database(db: Database) -> str | None:
    async with db.transaction(write=False) as session:
        await session.execute(text("SELECT 1"))
        return await unmigrated_reason(session)


async def storage(store: Storage) -> str | None:
    key = f"health/ready-{uuid.uuid4().hex}"

    async def one_chunk() -> AsyncIterator[bytes]:
        yield b"ok"

    await store.save(key, one_chunk())
    await store.delete(key)
    return None


async def redis_ping(url: str, socket_seconds: float) -> str | None:
    # Short socket timeouts and no retries: a closed port or a silent peer is an answer, quickly.
    client = redis.from_url(
        url,
        socket_timeout=socket_seconds,
        socket_connect_timeout=socket_seconds,
        retry_on_timeout=False,
        retry=None,
    )
    try:
        await client.ping()
    finally:
        await client.aclose()
    return None


async def run(name: str, check: Check) -> str | None:
    """`check`'s verdict; an exception or timeout becomes the reason, named after the check."""
    try:
        async with asyncio.timeout(TIMEOUT_SECONDS):
            return await check()
    except TimeoutError:
        return f"{name}: no answer within {TIMEOUT_SECONDS:g} s"
    except Exception as exc:  # any failure of the peer means "not ready"; the reason says which
        return f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'failed'}"


async def readiness(settings: Settings, db: Database, store: Storage) -> dict[str, str]:
    """Each check's result ("ok", "not configured" or the reason), checked concurrently."""
    checks: dict[str, Check] = {
        "database": lambda: database(db),
        "storage": lambda: storage(store),
    }
    if settings.redis_url:
        url, timeout = settings.redis_url, min(settings.redis_timeout, TIMEOUT_SECONDS)
        checks["redis"] = lambda: redis_ping(url, timeout)
    verdicts = await asyncio.gather(*(run(name, check) for name, check in checks.items()))
    results = {name: verdict or "ok" for name, verdict in zip(checks, verdicts, strict=True)}
    results.setdefault("redis", "not configured")
    return results
