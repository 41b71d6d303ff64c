"""`openinfinity backup PATH` and `openinfinity restore PATH [--force]` (see backup.service)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from openinfinity.backup import service
from openinfinity.backup.manifest import BackupError
from openinfinity.cli.common import emit, fail, settings
from openinfinity.cli.progress import progress


def backup(path: Annotated[Path, typer.Argument(help="The archive to write (.tar.gz)")]) -> None:
    """Archive the database (consistent while the server runs), attachments and secret key."""
    try:
        with progress("backup") as reporter:
            manifest = service.backup(settings(), path, progress=reporter)
    except BackupError as exc:
        fail(str(exc))
    emit({key: value for key, value in manifest.items() if key != "files"} | {"path": str(path)})


def restore(
    path: Annotated[Path, typer.Argument(help="An archive made by openinfinity backup")],
    force: Annotated[bool, typer.Option(help="Replace a database that already holds data")] = False,
) -> None:
    """Check the archive, then restore it (stop the server first)."""
    try:
        with progress("restore") as reporter:
            manifest = service.restore(settings(create=True), path, force=force, progress=reporter)
    except BackupError as exc:
        fail(str(exc))
    emit({key: value for key, value in manifest.items() if key != "files"} | {"restored": str(path)})
