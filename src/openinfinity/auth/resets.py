"""Password resets: a single-use link, valid for `password_reset_minutes`, with which a user who
forgot their password chooses a new one.

Asking for a link answers the same whether or not the e-mail belongs to an account (the pages
never reveal who has one); a link exists only for an active account and travels only by mail
(or from the operator: `openinfinity user reset-password`), never in the log. Only its SHA-256 is
stored. A new link replaces the user's older unused ones. Setting the password burns every reset
and invitation link of the user and ends all their browser sessions (auth/accounts.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.accounts.users.models import User
from openinfinity.auth import accounts, tokens
from openinfinity.auth.models import Invitation, PasswordReset
from openinfinity.core.models import utcnow

log = logging.getLogger(__name__)

PREFIX = "oi_rst_"


def link(base_url: str, raw: str) -> str:
    return f"{base_url}/password-reset/{raw}"


@dataclass(frozen=True)
class IssuedReset:
    user: User
    url: str
    expires_at: datetime


def _usable(user: User) -> bool:
    return user.active and user.deleted_at is None


async def issue(session: AsyncSession, user: User, *, base_url: str, minutes: int) -> IssuedReset:
    """A fresh link for `user`; their earlier unused links stop working."""
    now = utcnow()
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    raw = tokens.generate(PREFIX)
    row = PasswordReset(
        user_id=user.id, token_hash=tokens.hash_token(raw), expires_at=now + timedelta(minutes=minutes)
    )
    session.add(row)
    await session.flush()
    return IssuedReset(user=user, url=link(base_url, raw), expires_at=row.expires_at)


async def request(session: AsyncSession, email: str, *, base_url: str, minutes: int) -> IssuedReset | None:
    """A link for the active account of `email`, or None (unknown, deactivated, deleted). The caller
    answers the same either way."""
    user = await users.find_by_email(session, email) if email else None
    if user is None or not _usable(user):
        log.info("password reset asked for an e-mail without an active account")
        return None
    issued = await issue(session, user, base_url=base_url, minutes=minutes)
    log.info("password reset link issued", extra={"user_id": user.id})
    return issued


async def find_valid(session: AsyncSession, raw: str) -> tuple[PasswordReset, User] | None:
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    row = (
        await session.execute(
            select(PasswordReset, User)
            .join(User, User.id == PasswordReset.user_id)
            .where(PasswordReset.token_hash == tokens.hash_token(raw))
        )
    ).first()
    if row is None:
        return None
    reset, user = row
    if reset.used_at is not None or reset.expires_at <= utcnow() or not _usable(user):
        return None
    return reset, user


async def redeem(session: AsyncSession, raw: str, password: str) -> User | None:
    """Set the new password through the link and burn it; None when the link is not (or no
    longer) valid. 422 (ValidationFailed) for a password the rules refuse, the link kept."""
    found = await find_valid(session, raw)
    if found is None:
        return None
    reset, user = found
    accounts.check_password(password)
    now = utcnow()
    # Conditional update: two simultaneous submissions cannot both use the link.
    claimed = await session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    # Every other link that could set this password stops working.
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    await session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None))
        .values(used_at=now)
    )
    log.info("password reset through a link", extra={"user_id": user.id})
    return await accounts.set_password(session, user, password)  # ends sessions, burns resets
