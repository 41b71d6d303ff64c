"""Member requests, and the opt-in extras (`expand[]=membership`, `expand[]=invitation`) added to the
hosted API's user object; without `expand` every response keeps that object's exact shape."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from openinfinity.accounts.users.models import User
from openinfinity.auth.invitations import IssuedLink
from openinfinity.core.emails import Email
from openinfinity.core.timefmt import iso

AssignableRole = Literal["admin", "full-member", "restricted-member"]
MEMBER_EXPAND = ("membership",)
INVITE_EXPAND = ("membership", "invitation")


class MemberInvite(BaseModel):
    email: Email
    role: AssignableRole = "restricted-member"


class MemberUpdate(BaseModel):
    role: AssignableRole | None = None


class MembershipRead(BaseModel):
    """With `expand[]=membership`: the user's place in this workspace."""

    role: Literal["owner", "admin", "full-member", "restricted-member"]
    pending: bool = Field(description="Invited, and has not yet chosen a password through the link")


class InvitationRead(BaseModel):
    """With `expand[]=invitation` on invite: the single-use sign-up link of a pending user (a new
    link each time; older ones stop working). Null for users who can already sign in."""

    url: str
    expires_at: str


def present_membership(user: User, role: str | None) -> dict[str, Any] | None:
    if role is None:
        return None
    return {"role": role, "pending": user.pending}


def present_invitation(issued: IssuedLink | None) -> dict[str, Any] | None:
    if issued is None:
        return None
    return {"url": issued.url, "expires_at": iso(issued.expires_at)}
