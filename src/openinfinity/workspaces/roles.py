"""Workspace roles and what each may do."""

from __future__ import annotations

OWNER = "owner"
ADMIN = "admin"
FULL_MEMBER = "full-member"
RESTRICTED_MEMBER = "restricted-member"

ALL_ROLES = (OWNER, ADMIN, FULL_MEMBER, RESTRICTED_MEMBER)
# Roles that can be given through the members API (ownership is never handed out there).
ASSIGNABLE_ROLES = (ADMIN, FULL_MEMBER, RESTRICTED_MEMBER)
DEFAULT_ROLE = RESTRICTED_MEMBER


def manages_members(role: str) -> bool:
    return role in (OWNER, ADMIN)


def sees_every_board(role: str) -> bool:
    """Owner, admins and full members see all boards; restricted members only their own."""
    return role in (OWNER, ADMIN, FULL_MEMBER)
