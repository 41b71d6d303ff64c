"""Imports started over the admin API: run as a background task of the server process that took
the call, so the source token stays in memory and is never stored. At most one import per
workspace runs at a time, across processes: the run is claimed in the database (status `running`
with a heartbeat) before the task starts, and a second start is refused with 409 while the
heartbeat is fresh. An interrupted job (server restart) is resumed by starting it again."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.db import Database
from openinfinity.core.errors import NotFound, ValidationFailed
from openinfinity.core.models import utcnow
from openinfinity.core.netguard import BlockedURL, PrivateAddress, check_url
from openinfinity.core.outbound import GuardedTransport
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.transfer.models import RUNNING, TransferRun
from openinfinity.transfer.remote import RemoteSource
from openinfinity.transfer.service import STALE_AFTER, ImportRunning, claim, find_or_create_run, run_import

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RemoteImport:
    url: str
    token: str
    workspace: str
    into: int | None
    per_minute: float
    # Off unless OPENINFINITY_ALLOW_PRIVATE_URLS: the server requests what the source names
    # (its pages and the attachment links it hands out), so every request is pinned and checked.
    allow_private: bool = False


@dataclass(slots=True)
class Jobs:
    """The import tasks of this process (kept referenced until they end)."""

    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    async def start(self, db: Database, runtime: AttachmentsRuntime, job: RemoteImport) -> TransferRun:
        await _refuse_private_source(job)
        source = RemoteSource(
            job.url,
            job.token,
            job.workspace,
            per_minute=job.per_minute,
            transport=GuardedTransport(allow_private=job.allow_private),
        )
        try:
            async with db.transaction() as session:
                run = await find_or_create_run(
                    session,
                    kind=source.kind,
                    location=source.location,
                    workspace=source.workspace,
                    into=job.into,
                )
                if job.into is not None:
                    await _refuse_second_into(session, run, job.into)
                claim(run)
        except BaseException:
            await source.aclose()
            raise
        task = asyncio.create_task(self._run(db, runtime, source, run.id), name=f"import-{run.id}")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return run

    async def _run(
        self, db: Database, runtime: AttachmentsRuntime, source: RemoteSource, run_id: str
    ) -> None:
        try:
            await run_import(db, runtime, source, run_id=run_id)
        except Exception:  # recorded on the run (status failed, error); the task just ends
            log.warning("import %s failed", run_id, exc_info=True)
        finally:
            await source.aclose()


async def _refuse_private_source(job: RemoteImport) -> None:
    """A source on a private address is a 422 before anything starts. A host that does not
    resolve right now is let through: the run records the failure and can be started again."""
    if job.allow_private:
        return
    try:
        await check_url(job.url, allow_private=False)
    except PrivateAddress as exc:
        raise ValidationFailed({"url": [str(exc)]}) from exc
    except BlockedURL:
        return


async def _refuse_second_into(session: AsyncSession, run: TransferRun, workspace_id: int) -> None:
    """Another run writing into the same workspace right now (from another source) is refused too."""
    fresh_after: datetime = utcnow() - STALE_AFTER
    other = await session.scalar(
        select(TransferRun.id).where(
            TransferRun.workspace_id == workspace_id,
            TransferRun.id != run.id,
            TransferRun.status == RUNNING,
            TransferRun.heartbeat_at > fresh_after,
        )
    )
    if other is not None:
        raise ImportRunning(f"An import into workspace {workspace_id} is already running (run {other}).")


async def get_run(session: AsyncSession, run_id: str) -> TransferRun:
    run = await session.get(TransferRun, run_id)
    if run is None:
        raise NotFound("No import with this id.")
    return run
