"""`openinfinity import-remote`, `export` and `import`: move a workspace in and out (see
docs/transfer.md). Each prints its report as one JSON document; a failure is one `error:` line,
and an interrupted import resumes when the same command is run again."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from openinfinity.cli.common import emit, fail, settings
from openinfinity.cli.progress import Update, live
from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.errors import ApiError
from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.transfer import archive
from openinfinity.transfer.archive import ArchiveError, ArchiveSource
from openinfinity.transfer.ingest import TransferFailed
from openinfinity.transfer.pacing import SourceError
from openinfinity.transfer.remote import RemoteSource
from openinfinity.transfer.service import run_import
from openinfinity.transfer.sources import Source

T = TypeVar("T")
RESUME = "run the same command again to resume"


def _run(config: Settings, work: Callable[[Database, AttachmentsRuntime], Awaitable[T]]) -> T:
    async def main() -> T:
        db = Database(config)
        try:
            return await work(db, AttachmentsRuntime.build(config))
        finally:
            await db.dispose()

    try:
        return asyncio.run(main())
    except KeyboardInterrupt:
        fail(f"interrupted; {RESUME}")
    except SourceError as exc:
        fail(f"{exc}; {RESUME}" if exc.transient else str(exc))
    except (ArchiveError, TransferFailed, OSError) as exc:
        fail(str(exc))
    except ApiError as exc:
        fail(exc.message)


def _import(config: Settings, source: Source, into: int | None, update: Update) -> dict[str, Any]:
    async def work(db: Database, runtime: AttachmentsRuntime) -> dict[str, Any]:
        try:
            return await run_import(db, runtime, source, into=into, on_progress=update)
        finally:
            await source.aclose()

    return _run(config, work)


def _summary(report: dict[str, Any]) -> None:
    """The report for a person, on a terminal (scripts read the JSON on stdout)."""
    lines = [f"workspace {report.get('workspace_id')}:"]
    kinds = sorted(set(report["created"]) | set(report["skipped"]))
    for kind in kinds:
        created, skipped = report["created"].get(kind, 0), report["skipped"].get(kind, 0)
        lines.append(f"  {kind}: {created} copied" + (f", {skipped} already there" if skipped else ""))
    if report["remapped"]:
        lines.append(f"  {len(report['remapped'])} ids were taken here and changed (see remapped)")
    for problem in report["not_copied"][:20]:
        lines.append(f"  not copied: {problem['kind']} {problem['id']}: {problem['reason']}")
    typer.echo("\n".join(lines), err=True)


def import_remote(
    url: Annotated[str, typer.Option(help="The source server, e.g. https://app.startinfinity.com")],
    token: Annotated[str, typer.Option(help="A token of the source with read access to the workspace")],
    workspace: Annotated[str, typer.Option(help="The source workspace id")],
    into: Annotated[
        int | None, typer.Option(help="Copy into this existing workspace (default: a new one)")
    ] = None,
    rate: Annotated[
        float, typer.Option(min=1, help="Never more requests per minute than this (hosted API: 180)")
    ] = 180.0,
) -> None:
    """Copy a workspace from an Infinity API v2 server; resumable, ids kept where free."""
    config = settings()
    source = RemoteSource(url, token, workspace, per_minute=rate)
    with live("import") as update:
        report = _import(config, source, into, update)
    if typer.get_text_stream("stderr").isatty():
        _summary(report)
    emit(report)


def export(
    workspace: Annotated[int, typer.Option(help="The workspace to export")],
    path: Annotated[Path, typer.Argument(help="The archive to write (.tar.gz, or .tar)")],
) -> None:
    """Write a workspace to an archive, consistent to one moment while the server runs."""
    config = settings()

    async def work(db: Database, runtime: AttachmentsRuntime) -> dict[str, Any]:
        with live("export") as update:
            return await archive.export(db, runtime, workspace, path, on_progress=update)

    manifest = _run(config, work)
    emit({key: value for key, value in manifest.items() if key != "files"} | {"path": str(path)})


def import_archive(
    path: Annotated[Path, typer.Argument(help="An archive made by openinfinity export")],
    into: Annotated[
        int | None, typer.Option(help="Load into this existing workspace (default: a new one)")
    ] = None,
) -> None:
    """Load an archive made by `openinfinity export`; resumable, ids kept where free."""
    config = settings()
    try:
        source = ArchiveSource.load(path)
    except ArchiveError as exc:
        fail(str(exc))
    with live("import") as update:
        report = _import(config, source, into, update)
    if typer.get_text_stream("stderr").isatty():
        _summary(report)
    emit(report)
