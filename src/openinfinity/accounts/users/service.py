from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.core.emails import valid_email
from openinfinity.core.errors import NotFound, ValidationFailed


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise NotFound.of("User")
    return user


async def find_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == normalise_email(email)))


async def create_user(session: AsyncSession, *, email: str, name: str, pending: bool = False) -> User:
    """A new user; ValidationFailed unless `email` passes the one e-mail rule (core.emails)."""
    try:
        address = valid_email(email)
    except ValueError as exc:
        raise ValidationFailed.field("email", str(exc)) from None
    user = User(email=address, name=name, pending=pending, preferences={})
    session.add(user)
    await session.flush()
    return user


async def get_or_create(session: AsyncSession, *, email: str, name: str | None = None) -> tuple[User, bool]:
    """The user with this e-mail, created (pending, named after the address) when unknown."""
    user = await find_by_email(session, email)
    if user is not None:
        return user, False
    display = name or normalise_email(email).split("@", 1)[0]
    return await create_user(session, email=email, name=display, pending=name is None), True
