"""The demo user's sign-in password: generated on first start and kept in <data dir>/demo_password
(mode 0600, next to the server secret), so every later `serve --demo` prints the same sign-in.
The database holds only its Argon2 hash, like any other password."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.auth import accounts, passwords

PASSWORD_FILE = "demo_password"


def kept_password(path: Path) -> str:
    """The kept password, generated and written once (O_EXCL: concurrent starts agree)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text().strip()
        if len(value) >= passwords.MIN_LENGTH:
            return value
        raise RuntimeError(f"{path} holds no usable password; delete it to have a new one made") from None
    value = secrets.token_urlsafe(12)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


async def ensure_password(session: AsyncSession, user: User, password: str) -> bool:
    """Give the demo user `password` unless they already have one; False when the password they
    have is another (changed on the profile page: theirs to keep, and not ours to print)."""
    if user.password_hash is None:
        await accounts.set_password(session, user, password)
        return True
    return await passwords.verify_password(user.password_hash, password)
