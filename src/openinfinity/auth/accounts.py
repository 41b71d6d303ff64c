"""Accounts: creating users with passwords, setting passwords, promoting, checking a sign-in."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.accounts.users.models import User
from openinfinity.auth import passwords, sessions
from openinfinity.auth.models import PasswordReset
from openinfinity.core.errors import NotFound, ValidationFailed
from openinfinity.core.models import utcnow


def check_password(password: str, field: str = "password") -> None:
    problem = passwords.validate(password)
    if problem:
        raise ValidationFailed.field(field, problem)


async def create_account(
    session: AsyncSession,
    *,
    email: str,
    name: str,
    password: str | None = None,
    is_instance_admin: bool = False,
) -> User:
    """A new active user; 422 when the e-mail is taken or the password too weak."""
    if await users.find_by_email(session, email) is not None:
        raise ValidationFailed({"email": ["The email has already been taken."]})
    if password is not None:
        check_password(password)
    user = await users.create_user(session, email=email, name=name)
    user.is_instance_admin = is_instance_admin
    if password is not None:
        user.password_hash = await passwords.hash_password(password)
    await session.flush()
    return user


async def set_password(session: AsyncSession, user: User, password: str) -> User:
    """Set a password; a pending (invited) user becomes a regular one. Browser sessions opened
    with the old password end, and so do unused password-reset links, however the password was
    set (API tokens are separate credentials and stay valid)."""
    check_password(password)
    user.password_hash = await passwords.hash_password(password)
    user.pending = False
    await sessions.end_all(session, user.id)
    await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=utcnow())
    )
    await session.flush()
    return user


async def require_by_email(session: AsyncSession, email: str) -> User:
    user = await users.find_by_email(session, email)
    if user is None or user.deleted_at is not None:
        raise NotFound(f"No user with e-mail {email}.")
    return user


async def check_sign_in(session: AsyncSession, email: str, password: str) -> User | None:
    """The user if the e-mail and password match an active account; None otherwise.
    Unknown e-mails cost the same time as wrong passwords."""
    user = await users.find_by_email(session, email)
    stored = user.password_hash if user is not None else None
    ok = await passwords.verify_password(stored, password)
    if not ok or user is None or not user.active or user.deleted_at is not None:
        return None
    if passwords.needs_rehash(stored or ""):
        user.password_hash = await passwords.hash_password(password)
        await session.flush()
    return user
