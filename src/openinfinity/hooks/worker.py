"""Running a dispatcher: inside the API server (embedded SQLite) or as `openinfinity worker`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator

from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.hooks import wake
from openinfinity.hooks.dispatcher import Dispatcher

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def in_process_dispatcher(db: Database, settings: Settings) -> AsyncIterator[Dispatcher | None]:
    """Deliver webhooks from this process while the block runs, when the settings ask for it
    (OPENINFINITY_WEBHOOK_DISPATCHER: auto or in-process, off)."""
    if not settings.runs_in_process_dispatcher:
        yield None
        return
    dispatcher = Dispatcher(db, settings)
    stop = asyncio.Event()
    unwatch = wake.watch_commits(db.engine, dispatcher.wake)
    task = asyncio.create_task(dispatcher.run(stop), name="webhook-dispatcher")
    log.info("webhook dispatcher running in-process")
    try:
        yield dispatcher
    finally:
        stop.set()
        await task
        unwatch()


async def run_worker(settings: Settings) -> None:
    """Deliver until SIGTERM/SIGINT; the batch in flight is completed before exiting."""
    db = Database(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    log.info("webhook worker started")
    try:
        await Dispatcher(db, settings).run(stop)
    finally:
        await db.dispose()
        log.info("webhook worker stopped")
