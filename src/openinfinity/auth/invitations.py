"""Single-use invitation links with which invited (pending) users set their password.

The members API's invite response keeps the hosted API's shape, so by default the link does not
travel there: it is logged when the invitation is made (an operator forwards it), returned to the
inviting owner or admin when they ask with `expand[]=invitation` (no mail is sent, so the web app
shows it), and can be issued again with `openinfinity user invite-link --email E`.

Links are per workspace: inviting again from a workspace invalidates that workspace's older links
only, so a stranger inviting the same e-mail cannot burn someone else's pending invitation. A link
an operator issues (no workspace) replaces every older link, and setting the password through any
link burns all of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.auth import accounts, tokens
from openinfinity.auth.models import Invitation
from openinfinity.core.models import utcnow

log = logging.getLogger(__name__)

PREFIX = "oi_inv_"


def link(base_url: str, raw: str) -> str:
    return f"{base_url}/invitations/{raw}"


async def issue(
    session: AsyncSession,
    user: User,
    *,
    days: int,
    workspace_id: int | None = None,
    invited_by: int | None = None,
) -> tuple[Invitation, str]:
    """A fresh link for `user` from `workspace_id`; that workspace's earlier unused links stop
    working (all of them when an operator issues it, without a workspace)."""
    now = utcnow()
    older = update(Invitation).where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
    if workspace_id is not None:
        older = older.where(Invitation.workspace_id == workspace_id)
    await session.execute(older.values(used_at=now))
    raw = tokens.generate(PREFIX)
    row = Invitation(
        user_id=user.id,
        workspace_id=workspace_id,
        invited_by=invited_by,
        token_hash=tokens.hash_token(raw),
        expires_at=now + timedelta(days=days),
    )
    session.add(row)
    await session.flush()
    return row, raw


@dataclass(frozen=True)
class IssuedLink:
    url: str
    expires_at: datetime


async def issue_and_log(
    session: AsyncSession,
    user: User,
    *,
    base_url: str,
    days: int,
    workspace_id: int | None = None,
    invited_by: int | None = None,
) -> IssuedLink:
    row, raw = await issue(session, user, days=days, workspace_id=workspace_id, invited_by=invited_by)
    url = link(base_url, raw)
    log.info("invitation link for %s: %s", user.email, url, extra={"user_id": user.id})
    return IssuedLink(url=url, expires_at=row.expires_at)


async def withdraw_sent_by(session: AsyncSession, user_id: int) -> None:
    """The unused links `user_id` sent stop working (the sender was deactivated: nothing they
    started may still let someone in)."""
    await session.execute(
        update(Invitation)
        .where(Invitation.invited_by == user_id, Invitation.used_at.is_(None))
        .values(used_at=utcnow())
    )


async def find_valid(session: AsyncSession, raw: str) -> tuple[Invitation, User] | None:
    row = (
        await session.execute(
            select(Invitation, User)
            .join(User, User.id == Invitation.user_id)
            .where(Invitation.token_hash == tokens.hash_token(raw))
        )
    ).first()
    if row is None:
        return None
    invitation, user = row
    if invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    if not user.active or user.deleted_at is not None:
        return None
    return invitation, user


async def redeem(session: AsyncSession, raw: str, password: str) -> User | None:
    """Set the password through the link and burn it. None when the link is not (or no longer) valid."""
    found = await find_valid(session, raw)
    if found is None:
        return None
    invitation, user = found
    accounts.check_password(password)
    # Conditional update: two simultaneous submissions cannot both use the link.
    claimed = await session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    # The password is set: the other workspaces' links have served their purpose.
    await session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
        .values(used_at=utcnow())
    )
    return await accounts.set_password(session, user, password)
