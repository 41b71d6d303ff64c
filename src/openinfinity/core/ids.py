"""Identifier styles of the hosted API: integers for users and workspaces, 11-character
alphanumeric ids for boards and folders ("LA1dW8i1TTK"), UUID strings for everything else."""

from __future__ import annotations

import secrets
import string
import uuid

_ALPHABET = string.ascii_letters + string.digits


def short_id() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(11))


def uuid_str() -> str:
    return str(uuid.uuid4())


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return True
