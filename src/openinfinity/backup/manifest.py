"""The manifest of an archive, and the checks `restore` makes before touching anything."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

FORMAT = 1
NAME = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message is the one line the operator sees."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def checksums(root: Path) -> dict[str, str]:
    """sha256 of every file under `root`, by relative path (the manifest excluded)."""
    return {
        str(path.relative_to(root)): sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != NAME
    }


def verify(root: Path, manifest: dict[str, Any]) -> None:
    """Raise BackupError unless every file listed is there with its checksum, and nothing else."""
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format {manifest.get('format')!r}")
    expected: dict[str, str] = manifest.get("files", {})
    found = checksums(root)
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(name for name in set(expected) & set(found) if expected[name] != found[name])
    for label, names in (("missing", missing), ("unexpected", extra), ("corrupt", changed)):
        if names:
            raise BackupError(f"the archive is damaged: {label} {', '.join(names[:5])}")
