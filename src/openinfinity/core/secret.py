"""The server secret that signs CSRF tokens: OPENINFINITY_SECRET_KEY, or one generated on first
start and kept in <data dir>/secret_key (mode 0600) so restarts and sibling workers share it."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from openinfinity.core.config import Settings

SECRET_FILE = "secret_key"


def load_secret(settings: Settings, path: Path | None = None) -> str:
    if settings.secret_key:
        return settings.secret_key
    path = path or settings.data_dir / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: when several workers start at once, exactly one writes; the others read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text().strip()
        if value:
            return value
        raise RuntimeError(f"{path} is empty; delete it or set OPENINFINITY_SECRET_KEY") from None
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value
