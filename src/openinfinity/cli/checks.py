"""What `serve` and `worker` check before they start, each failure one line for the operator."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text

from openinfinity.cli.common import fail
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.migrate import unmigrated_reason

log = logging.getLogger("openinfinity.serve")


def database_ready(config: Settings) -> None:
    """Refuse to start on a database that cannot be reached or is not at the head revision
    (every request would fail with a missing table)."""

    async def reason() -> str | None:
        db = Database(config)
        try:
            async with db.transaction(write=False) as session:
                await session.execute(text("SELECT 1"))
                return await unmigrated_reason(session)
        finally:
            await db.dispose()

    try:
        found = asyncio.run(reason())
    except Exception as exc:  # any driver error: say which, in one line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        fail(f"cannot reach the database: {first}")
    if found is not None:
        fail(found)


def rate_limit_shared(config: Settings, workers: int) -> None:
    """Several processes with in-memory counters would each allow the whole limit: refuse."""
    if workers > 1 and not config.redis_url and config.rate_limit.strip().lower() == "off":
        log.warning(
            "sign-in throttling counts per process with --workers %d and no OPENINFINITY_REDIS_URL", workers
        )
    if workers > 1 and config.rate_limit.strip().lower() != "off" and not config.redis_url:
        fail(
            f"--workers {workers} without OPENINFINITY_REDIS_URL would apply OPENINFINITY_RATE_LIMIT "
            f"({config.rate_limit}) in each process separately; set OPENINFINITY_REDIS_URL, "
            "or OPENINFINITY_RATE_LIMIT=off when a proxy in front limits requests"
        )


def note_dispatcher(config: Settings) -> None:
    if config.runs_in_process_dispatcher:
        log.info(
            "webhooks are delivered by this server (OPENINFINITY_WEBHOOK_DISPATCHER=%s)",
            config.webhook_dispatcher,
        )
    else:
        log.warning(
            "webhooks are not delivered by this server (OPENINFINITY_WEBHOOK_DISPATCHER=off): "
            "run openinfinity worker next to it"
        )
