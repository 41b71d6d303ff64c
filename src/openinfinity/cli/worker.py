"""`openinfinity worker`: deliver webhooks (run one or more next to `serve` on PostgreSQL)."""

from __future__ import annotations

import asyncio

from openinfinity.cli import checks
from openinfinity.cli.common import migrate, settings
from openinfinity.cli.sharedmetrics import share_metrics
from openinfinity.core import metrics
from openinfinity.core.logging import configure
from openinfinity.hooks.worker import run_worker


def worker() -> None:
    """Deliver webhooks from the outbox until stopped (SIGTERM finishes the batch in flight).

    Several workers may run at once against PostgreSQL; each attempt is made by one of them."""
    config = settings()
    share_metrics(config)  # deliveries counted where the server's /metrics reads them
    configure(config.log_level, config.log_format)
    if config.is_sqlite:
        migrate(config)
    checks.database_ready(config)
    try:
        asyncio.run(run_worker(config))
    finally:
        metrics.process_exiting()
