"""Making and restoring an archive (a gzipped tar):

manifest.json      format, version, created_at, database kind, migration head, counts, checksums
database.sqlite3   or database.pgdump (pg_dump custom format)
attachments/...    the local storage directory (S3 is backed up by its own means)
secret_key         the generated server secret, when there is one (signed links, sessions)
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openinfinity import __version__
from openinfinity.backup import database
from openinfinity.backup.manifest import FORMAT, NAME, BackupError, checksums, verify
from openinfinity.core.config import Settings
from openinfinity.core.progress import SILENT, Progress
from openinfinity.core.secret import SECRET_FILE

SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


def _copy_tree(source: Path, target: Path, progress: Progress) -> None:
    """Copy a directory file by file, reporting each (attachments can be many and large)."""
    files = [path for path in sorted(source.rglob("*")) if path.is_file()]
    progress.stage("attachments", len(files))
    for path in files:
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        progress.advance()


def backup(settings: Settings, target: Path, *, progress: Progress = SILENT) -> dict[str, Any]:
    """Write the archive to `target` (never over an existing file); return its manifest.
    `progress` hears of its stages: database (pages), attachments (files), archive (files)."""
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name")
    with tempfile.TemporaryDirectory(prefix="openinfinity-backup-") as tmp:
        root = Path(tmp)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": __version__,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        sqlite_path = settings.sqlite_path
        progress.stage("database")
        if sqlite_path is not None:
            if not sqlite_path.exists():
                raise BackupError(f"no database at {sqlite_path}")
            database.sqlite_copy(sqlite_path, root / SQLITE_FILE, progress=progress)
            manifest["database"] = "sqlite"
            manifest["migration_head"], manifest["counts"] = database.sqlite_facts(root / SQLITE_FILE)
        else:
            database.pg_dump(settings.database_url, root / PG_FILE)
            manifest["database"] = "postgresql"
        if settings.storage_backend == "local" and settings.storage_dir.is_dir():
            _copy_tree(settings.storage_dir, root / "attachments", progress)
        manifest["attachments"] = "included" if settings.storage_backend == "local" else "s3: not included"
        secret = settings.data_dir / SECRET_FILE
        if settings.secret_key is None and secret.is_file():
            shutil.copy2(secret, root / SECRET_FILE)
        manifest["files"] = checksums(root)
        (root / NAME).write_text(json.dumps(manifest, indent=2))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        members = sorted(root.rglob("*"))
        progress.stage("archive", len(members))
        with tarfile.open(partial, "w:gz") as archive:
            for path in members:
                archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
                progress.advance()
        partial.chmod(0o600)  # password hashes and the secret key are inside
        partial.rename(target)
    return manifest


def restore(settings: Settings, source: Path, *, force: bool, progress: Progress = SILENT) -> dict[str, Any]:
    """Check the archive, then put its database, attachments and secret in place. Refuses to
    overwrite a database with users in it unless `force`. `progress` hears of its stages:
    checking (archive members), database, attachments (files)."""
    if not source.is_file():
        raise BackupError(f"no archive at {source}")
    with tempfile.TemporaryDirectory(prefix="openinfinity-restore-") as tmp:
        root = Path(tmp)
        try:
            with tarfile.open(source, "r:gz") as archive:
                members = archive.getmembers()
                progress.stage("checking", len(members))
                for member in members:
                    archive.extract(member, root, filter="data")
                    progress.advance()
            manifest: dict[str, Any] = json.loads((root / NAME).read_text())
        except (tarfile.TarError, OSError, ValueError) as exc:
            raise BackupError(f"{source} is not an openinfinity archive: {exc}") from None
        verify(root, manifest)
        progress.stage("database")
        if manifest["database"] == "sqlite":
            _restore_sqlite(settings, root / SQLITE_FILE, force=force)
        else:
            if settings.is_sqlite:
                raise BackupError("the archive holds a PostgreSQL dump; point the database URL at PostgreSQL")
            database.pg_restore(settings.database_url, root / PG_FILE, clean=force)
        if (root / "attachments").is_dir():
            _copy_tree(root / "attachments", settings.storage_dir, progress)
        if (root / SECRET_FILE).is_file() and settings.secret_key is None:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / SECRET_FILE, settings.data_dir / SECRET_FILE)
    return manifest


def _restore_sqlite(settings: Settings, copy: Path, *, force: bool) -> None:
    target = settings.sqlite_path
    if target is None:
        raise BackupError("the archive holds an SQLite database; point the database URL at an SQLite file")
    if target.exists() and not force and _has_users(target):
        raise BackupError(f"{target} already holds data; restore with --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    staged = target.with_name(target.name + ".restoring")
    shutil.copy2(copy, staged)
    staged.replace(target)


def _has_users(path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return bool(db.execute("SELECT count(*) FROM users").fetchone()[0])
    except sqlite3.DatabaseError:
        return path.stat().st_size > 0
