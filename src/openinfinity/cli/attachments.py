"""`openinfinity gc-attachments`: delete attachments nobody references (see attachments/gc.py)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from openinfinity.attachments.gc import collect_garbage
from openinfinity.cli.common import emit, migrate, settings
from openinfinity.cli.progress import progress
from openinfinity.core.db import Database
from openinfinity.files.storage import build_storage


def gc_attachments(
    grace: Annotated[
        int | None,
        typer.Option(min=0, help="Keep attachments younger than this many seconds (default: settings)"),
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Report what would be deleted, delete nothing")] = False,
) -> None:
    """Remove unreferenced attachments (files and rows) older than the grace period; prints a JSON summary."""
    config = settings()
    migrate(config)
    grace_seconds = config.attachment_gc_grace_seconds if grace is None else grace

    async def run() -> dict[str, object]:
        db = Database(config)
        try:
            with progress("gc-attachments") as reporter:
                summary = await collect_garbage(
                    db, build_storage(config), grace_seconds=grace_seconds, dry_run=dry_run, progress=reporter
                )
        finally:
            await db.dispose()
        return {"dry_run": dry_run, "grace_seconds": grace_seconds, **summary.as_dict()}

    emit(asyncio.run(run()))
