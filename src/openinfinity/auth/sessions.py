"""Browser sessions for the sign-in, profile and consent pages.

The cookie carries a random secret; the database keeps only its SHA-256, so signing out (or
deactivating the user) ends the session on the server, not just in the browser.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.auth import tokens
from openinfinity.auth.models import WebSession
from openinfinity.core.models import utcnow

PREFIX = "oi_ses_"
# The cookie the session secret travels in (pages and, for the web app, the API).
COOKIE = "oi_session"


async def start(session: AsyncSession, user: User, *, days: int) -> str:
    raw = tokens.generate(PREFIX)
    now = utcnow()
    # Housekeeping: the user's expired sessions go when a new one starts.
    await session.execute(
        delete(WebSession).where(WebSession.user_id == user.id, WebSession.expires_at <= now)
    )
    session.add(
        WebSession(user_id=user.id, token_hash=tokens.hash_token(raw), expires_at=now + timedelta(days=days))
    )
    await session.flush()
    return raw


async def resolve(session: AsyncSession, raw: str | None) -> User | None:
    """The signed-in user behind a session cookie, or None (unknown, expired, inactive)."""
    found = await resolve_until(session, raw)
    return found[0] if found is not None else None


async def resolve_until(session: AsyncSession, raw: str | None) -> tuple[User, datetime] | None:
    """The signed-in user and the end of their session, or None (unknown, expired, inactive)."""
    if not raw or len(raw) > 200:
        return None
    row = (
        await session.execute(
            select(WebSession, User)
            .join(User, User.id == WebSession.user_id)
            .where(WebSession.token_hash == tokens.hash_token(raw))
        )
    ).first()
    if row is None:
        return None
    web_session, user = row
    if web_session.expires_at <= utcnow() or not user.active or user.deleted_at is not None:
        return None
    return user, web_session.expires_at


async def end(session: AsyncSession, raw: str | None) -> None:
    if raw:
        await session.execute(delete(WebSession).where(WebSession.token_hash == tokens.hash_token(raw)))


async def end_all(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(WebSession).where(WebSession.user_id == user_id))
