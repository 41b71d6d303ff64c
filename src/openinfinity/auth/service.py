"""Personal access tokens: issue, list, revoke, and resolve a bearer string to a Principal."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Membership
from openinfinity.auth import tokens
from openinfinity.auth.models import AccessToken
from openinfinity.auth.principal import Principal
from openinfinity.auth.scopes import ADMIN, normalise_scopes
from openinfinity.core import history as recorder
from openinfinity.core.db import Database
from openinfinity.core.errors import NotFound, Unauthenticated
from openinfinity.core.models import utcnow

LAST_USED_RESOLUTION = timedelta(seconds=60)


class TokenCache:
    """credential hash -> Principal for a few seconds, so auth is not a query per request.
    Holds tokens and browser sessions (auth.browser keys those apart), so every `clear()` after a
    revocation or deactivation ends both."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, Principal, datetime | None]] = {}
        self._ended: dict[str, float] = {}  # key -> until when it may not be cached again

    def get(self, key: str) -> tuple[Principal, datetime | None] | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < time.monotonic():
            self._entries.pop(key, None)
            return None
        return entry[1], entry[2]

    def put(self, key: str, principal: Principal, expires_at: datetime | None) -> None:
        if self.ttl <= 0:
            return
        now = time.monotonic()
        ended = self._ended.get(key)
        if ended is not None:
            if ended > now:
                return
            del self._ended[key]
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[key] = (now + self.ttl, principal, expires_at)

    def discard(self, key: str) -> None:
        """Forget `key` and keep it out for one TTL: a request that read the credential just
        before it ended (the ending commits after this call) must not put it back."""
        self._entries.pop(key, None)
        if self.ttl > 0:
            if len(self._ended) > 10_000:
                self._ended.clear()
            self._ended[key] = time.monotonic() + self.ttl

    def clear(self) -> None:
        self._entries.clear()


async def issue_token(
    session: AsyncSession,
    user: User,
    *,
    name: str,
    scopes: list[str] | None = None,
    workspace_id: int | None = None,
    expires_at: datetime | None = None,
    kind: str = "personal",
    client_id: int | None = None,
    family: str | None = None,
    raw: str | None = None,
) -> tuple[AccessToken, str]:
    """Create a token; the clear text is returned here once and never stored."""
    granted = normalise_scopes(scopes)
    if ADMIN in granted and not user.is_instance_admin:
        granted.remove(ADMIN)
    # `raw` is passed when the secret was already handed out (OAuth token responses).
    raw = raw or tokens.generate(tokens.PERSONAL_PREFIX if kind == "personal" else tokens.OAUTH_PREFIX)
    row = AccessToken(
        user_id=user.id,
        name=name,
        kind=kind,
        prefix=tokens.display_prefix(raw),
        token_hash=tokens.hash_token(raw),
        scopes=granted,
        workspace_id=workspace_id,
        expires_at=expires_at,
        client_id=client_id,
        family=family,
    )
    session.add(row)
    await session.flush()
    return row, raw


async def list_tokens(session: AsyncSession, user_id: int) -> list[AccessToken]:
    stmt = (
        select(AccessToken)
        .where(AccessToken.user_id == user_id, AccessToken.revoked_at.is_(None))
        .order_by(AccessToken.id)
    )
    return list((await session.scalars(stmt)).all())


async def revoke_token(session: AsyncSession, token_id: int, *, user_id: int | None = None) -> AccessToken:
    row = await session.get(AccessToken, token_id)
    if row is None or row.revoked_at is not None or (user_id is not None and row.user_id != user_id):
        raise NotFound.of("Token")
    row.revoked_at = utcnow()
    await session.flush()
    await audit_token(session, "token.revoked", row, None)
    return row


async def audit_token(session: AsyncSession, action: str, row: AccessToken, caller: Principal | None) -> None:
    """A token was created or revoked: in the audit log of each workspace it can act in."""
    workspaces = (
        [row.workspace_id] if row.workspace_id is not None else await workspaces_of(session, row.user_id)
    )
    recorder.audit_credential(
        session,
        owner_id=row.user_id,
        workspace_ids=workspaces,
        action=action,
        target_type="token",
        target_id=row.id,
        details={"name": row.name, "scopes": list(row.scopes), "prefix": row.prefix},
        principal=caller,
    )


async def workspaces_of(session: AsyncSession, user_id: int) -> list[int]:
    """The workspaces a user belongs to (where an unrestricted credential of theirs may act)."""
    return list(await session.scalars(select(Membership.workspace_id).where(Membership.user_id == user_id)))


async def authenticate(db: Database, cache: TokenCache, raw: str) -> Principal:
    key = tokens.hash_token(raw)
    cached = cache.get(key)
    now = utcnow()
    if cached is not None:
        principal, expires_at = cached
        if expires_at is None or expires_at > now:
            return principal
    async with db.transaction(write=False) as session:
        row = (
            await session.execute(
                select(AccessToken, User)
                .join(User, User.id == AccessToken.user_id)
                .where(AccessToken.token_hash == key)
            )
        ).first()
    if row is None:
        raise Unauthenticated()
    token, user = row
    if (
        token.revoked_at is not None
        or (token.expires_at is not None and token.expires_at <= now)
        or not user.active
        or user.deleted_at is not None
    ):
        raise Unauthenticated()
    principal = Principal(
        user_id=user.id,
        token_id=token.id,
        scopes=frozenset(token.scopes),
        workspace_id=token.workspace_id,
        is_instance_admin=user.is_instance_admin,
        last_used_at=token.last_used_at,
        kind=token.kind,
        expires_at=token.expires_at,
        client_id=token.client_id,
    )
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        # Its own short write, so read requests never hold a write lock.
        async with db.transaction(write=True) as session:
            await session.execute(
                update(AccessToken).where(AccessToken.id == token.id).values(last_used_at=now)
            )
        principal = replace(principal, last_used_at=now)
    cache.put(key, principal, token.expires_at)
    return principal
