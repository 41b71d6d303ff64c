"""Running an import: find or start the run for this source and target, feed every batch of the
source to the ingest layer, link parents, store the report.

A run is named by its source and target (`run_key`), so the same command run again resumes the
same run. Two processes must not run one import at once: `claim` marks the run `running` with a
heartbeat and refuses while another holder's heartbeat is fresh.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.workspaces.models import Workspace
from openinfinity.core.db import Database
from openinfinity.core.errors import Conflict, NotFound
from openinfinity.core.models import utcnow
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.transfer.ids import IdMap
from openinfinity.transfer.ingest import Ingest
from openinfinity.transfer.models import DONE, FAILED, RUNNING, TransferObject, TransferRun
from openinfinity.transfer.report import Report
from openinfinity.transfer.sources import Source

log = logging.getLogger(__name__)

# A running import renews its heartbeat at least this often; one silent for longer has died.
HEARTBEAT_SECONDS = 10.0
STALE_AFTER = timedelta(seconds=60)

ProgressHook = Callable[[dict[str, Any]], None]


class ImportRunning(Conflict):
    code = "transfer/import-running"


def run_key(kind: str, location: str, workspace: str, into: int | None) -> str:
    raw = f"{kind}\n{location.rstrip('/').lower()}\n{workspace}\n{into or ''}"
    return hashlib.sha256(raw.encode()).hexdigest()


async def find_or_create_run(
    session: AsyncSession, *, kind: str, location: str, workspace: str, into: int | None
) -> TransferRun:
    """The run of this source and target (created on first use); NotFound for a missing --into."""
    if into is not None:
        target = await session.get(Workspace, into)
        if target is None or target.deleted_at is not None:
            raise NotFound(f"Workspace {into} does not exist here.")
    key = run_key(kind, location, workspace, into)
    run = await session.scalar(select(TransferRun).where(TransferRun.key == key))
    if run is None:
        run = TransferRun(
            key=key, kind=kind, source=location[:2048], source_workspace=workspace, workspace_id=into
        )
        session.add(run)
        await session.flush()
    return run


def this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _holder_alive(holder: str | None) -> bool:
    """False when the holder ran on this host and its process is gone (killed, crashed)."""
    host, _, pid = (holder or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(run: TransferRun) -> None:
    """Mark `run` running (in the caller's transaction); ImportRunning while someone else is."""
    now = utcnow()
    if (
        run.status == RUNNING
        and run.heartbeat_at is not None
        and now - run.heartbeat_at < STALE_AFTER
        and _holder_alive(run.holder)
    ):
        raise ImportRunning(
            f"An import of this workspace is already running (run {run.id}); wait for it or try "
            "again in a minute if it was interrupted."
        )
    run.status = RUNNING
    run.heartbeat_at = now
    run.holder = this_process()
    run.error = None
    run.finished_at = None


async def run_import(
    db: Database,
    runtime: AttachmentsRuntime,
    source: Source,
    *,
    into: int | None = None,
    run_id: str | None = None,
    on_progress: ProgressHook | None = None,
) -> dict[str, Any]:
    """Copy the source's workspace here; returns the report (also stored on the run)."""
    async with db.transaction() as session:
        if run_id is not None:  # a background job created and claimed it already
            run = await session.get(TransferRun, run_id)
            if run is None:
                raise NotFound(f"Import run {run_id} does not exist.")
        else:
            run = await find_or_create_run(
                session, kind=source.kind, location=source.location, workspace=source.workspace, into=into
            )
            claim(run)
        rows = (
            await session.execute(
                select(TransferObject.kind, TransferObject.source_id, TransferObject.target_id).where(
                    TransferObject.run_id == run.id
                )
            )
        ).all()
    ids = IdMap((r.kind, r.source_id, r.target_id) for r in rows)
    report = Report()
    ingest = Ingest(db, runtime, run, ids, report)
    beat = _Heartbeat(db, run.id, source, ingest, on_progress)
    try:
        async for batch in source.batches(ids.has):
            if batch.kind == "attachment":
                for record in batch.records:
                    await ingest.write_attachment(record, source.open(record))
            else:
                await ingest.write(batch.kind, batch.records)
            if batch.marker is not None:
                await ingest.mark(*batch.marker)
            await beat.tick()
        await ingest.finish()
    except BaseException as exc:
        await _finish(db, run.id, FAILED, report, error=str(exc) or type(exc).__name__)
        raise
    result = {"run_id": run.id, "workspace_id": run.workspace_id, **report.as_dict()}
    pacer = getattr(source, "pacer", None)
    if pacer is not None:
        result["source_requests"] = {
            "sent": pacer.requests,
            "rate_limited": pacer.waited_429,
            "waited_seconds": round(pacer.waited_seconds, 1),
        }
    await _finish(db, run.id, DONE, report)
    await beat.tick(force=True)
    return result


async def _finish(
    db: Database, run_id: str, status: str, report: Report, *, error: str | None = None
) -> None:
    async with db.transaction() as session:
        run = await session.get(TransferRun, run_id)
        if run is None:
            return
        run.status = status
        run.report = report.as_dict()
        run.error = error[:2000] if error else None
        run.finished_at = utcnow()
        run.heartbeat_at = None


class _Heartbeat:
    """Progress to the caller after every batch; to the run row (heartbeat) every few seconds."""

    def __init__(
        self, db: Database, run_id: str, source: Source, ingest: Ingest, on_progress: ProgressHook | None
    ) -> None:
        self.db, self.run_id, self.source, self.ingest, self.on_progress = (
            db,
            run_id,
            source,
            ingest,
            on_progress,
        )
        self.started = time.monotonic()
        self.saved = self.started

    def snapshot(self) -> dict[str, Any]:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        progress = self.source.progress
        items = self.ingest.done.get("item", 0)
        pacer = getattr(self.source, "pacer", None)
        snap: dict[str, Any] = {
            "board": progress.board,
            "board_items": progress.board_items,
            "board_total": progress.board_total,
            "totals": progress.totals,
            "done": dict(self.ingest.done),
            "items_per_minute": round(items / elapsed * 60, 1),
            "elapsed_seconds": round(elapsed, 1),
        }
        total_items = progress.totals.get("item")
        if total_items and items:
            snap["eta_seconds"] = round(max(total_items - items, 0) / (items / elapsed), 1)
        if pacer is not None:
            snap["requests"] = pacer.requests
            snap["rate_limited"] = pacer.waited_429
        return snap

    async def tick(self, *, force: bool = False) -> None:
        snap = self.snapshot()
        if self.on_progress is not None:
            self.on_progress(snap)
        now = time.monotonic()
        if force or now - self.saved >= HEARTBEAT_SECONDS:
            self.saved = now
            async with self.db.transaction() as session:
                run = await session.get(TransferRun, self.run_id)
                if run is not None:
                    run.progress = snap
                    if run.status == RUNNING:
                        run.heartbeat_at = utcnow()
