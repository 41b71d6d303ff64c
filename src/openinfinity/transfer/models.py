"""An import run and what it has copied so far.

    TransferRun 1──* TransferObject   (run, kind, source id) -> target id

A run is identified by its `key` (source + source workspace + target), so rerunning the same
command finds the same run and skips every object already recorded: an object and its record are
written in one transaction, so a crash leaves both or neither.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openinfinity.core.ids import uuid_str
from openinfinity.core.models import Base, TimestampMixin

QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"


class TransferRun(TimestampMixin, Base):
    __tablename__ = "transfer_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid_str)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    # "remote" (an API v2 server) or "archive"; `source` is its URL or the archive's export id.
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(2048))
    source_workspace: Mapped[str] = mapped_column(String(64))
    # The workspace written to: given with --into, else created by the run (then kept here).
    workspace_id: Mapped[int | None] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), default=None, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)
    progress: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    # Background jobs: the running process renews it; a run whose heartbeat is old is abandoned.
    heartbeat_at: Mapped[datetime | None] = mapped_column(default=None)
    # "host:pid" of the process running it, so a rerun on the same host sees a dead holder at once.
    holder: Mapped[str | None] = mapped_column(String(128), default=None)
    finished_at: Mapped[datetime | None] = mapped_column(default=None)


class TransferObject(Base):
    __tablename__ = "transfer_objects"

    run_id: Mapped[str] = mapped_column(ForeignKey("transfer_runs.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    source_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    target_id: Mapped[str] = mapped_column(String(64))
