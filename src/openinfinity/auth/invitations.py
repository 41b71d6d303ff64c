"""Single-use invitation links with which invited (pending) users set their password.

The members API's invite response keeps the hosted API's shape, so by default the link does not
travel there: it is logged when the invitation is made (an operator forwards it), returned to the
inviting owner or admin when they ask with `expand[]=invitation` (no mail is sent, so the web app
shows it), and can be issued again with `openinfinity user invite-link --email E`; issuing a new
link invalidates the older ones.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.auth import accounts, tokens
from openinfinity.auth.models import Invitation
from openinfinity.core.models import utcnow
from openinfinity.users.models import User

log = logging.getLogger(__name__)

PREFIX = "oi_inv_"


def link(base_url: str, raw: str) -> str:
    return f"{base_url}/invitations/{raw}"


async def issue(session: AsyncSession, user: User, *, days: int) -> tuple[Invitation, str]:
    """A fresh link for `user`; earlier unused links stop working."""
    now = utcnow()
    await session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
        .values(used_at=now)
    )
    raw = tokens.generate(PREFIX)
    row = Invitation(
        user_id=user.id, token_hash=tokens.hash_token(raw), expires_at=now + timedelta(days=days)
    )
    session.add(row)
    await session.flush()
    return row, raw


@dataclass(frozen=True)
class IssuedLink:
    url: str
    expires_at: datetime


async def issue_and_log(session: AsyncSession, user: User, *, base_url: str, days: int) -> IssuedLink:
    row, raw = await issue(session, user, days=days)
    url = link(base_url, raw)
    log.info("invitation link for %s: %s", user.email, url, extra={"user_id": user.id})
    return IssuedLink(url=url, expires_at=row.expires_at)


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
    return await accounts.set_password(session, user, password)
