"""OAuth2-style scopes and the one rule that says which scope a request needs.

Routers declare a family; the HTTP method picks the scope within it:

    family    GET      other methods
    content   read     write
    members   read     members
    hooks     hooks    hooks
    admin     admin    admin
"""

from __future__ import annotations

from typing import Literal

READ, WRITE, MEMBERS, HOOKS, ADMIN = "read", "write", "members", "hooks", "admin"
ALL_SCOPES: tuple[str, ...] = (READ, WRITE, MEMBERS, HOOKS, ADMIN)
# A token created without scopes gets every scope but admin.
DEFAULT_SCOPES: tuple[str, ...] = (READ, WRITE, MEMBERS, HOOKS)

Family = Literal["content", "members", "hooks", "admin"]


def required_scope(family: Family, method: str) -> str:
    if family in ("hooks", "admin"):
        return family
    if method in ("GET", "HEAD", "OPTIONS"):
        return READ
    return WRITE if family == "content" else MEMBERS


def normalise_scopes(scopes: list[str] | None) -> list[str]:
    """Known scopes in canonical order; an empty or missing list means the default set."""
    if not scopes:
        return list(DEFAULT_SCOPES)
    unknown = sorted(set(scopes) - set(ALL_SCOPES))
    if unknown:
        raise ValueError(f"unknown scope(s): {', '.join(unknown)}")
    return [s for s in ALL_SCOPES if s in scopes]
