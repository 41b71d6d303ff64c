"""Revoking OAuth grants, audited: every way an application loses its tokens (the application
revokes one, a replayed code or refresh token ends its grant, the application is deleted, the
user is deactivated) leaves
an `oauth.revoked` entry in the audit log of each workspace of the user who had granted it."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.auth import service as auth
from openinfinity.auth.models import AccessToken
from openinfinity.core import history as recorder
from openinfinity.core.models import utcnow
from openinfinity.oauth.models import RefreshToken

# Why the grant ended, in the entry's details.
REVOKED = "revoked"  # the application asked for it (RFC 7009)
REPLAYED = "replayed"  # a used code or rotated refresh token was presented again
APPLICATION_DELETED = "application_deleted"
USER_DEACTIVATED = "user_deactivated"


async def revoke_family(session: AsyncSession, family: str, *, reason: str) -> None:
    """End one grant: its refresh tokens and the access tokens issued under it."""
    await _revoke(session, AccessToken.family == family, RefreshToken.family == family, reason)


async def revoke_client(session: AsyncSession, client_pk: int, *, reason: str) -> None:
    """End every grant of one application."""
    await _revoke(session, AccessToken.client_id == client_pk, RefreshToken.client_id == client_pk, reason)


async def revoke_user(session: AsyncSession, user_id: int, *, reason: str) -> None:
    """End every grant a user gave (all applications)."""
    await _revoke(
        session,
        and_(AccessToken.user_id == user_id, AccessToken.kind == "oauth"),
        RefreshToken.user_id == user_id,
        reason,
    )


async def revoke_access(session: AsyncSession, row: AccessToken, *, reason: str) -> None:
    """End one access token (its grant's refresh token stays usable)."""
    if row.revoked_at is not None:
        return
    row.revoked_at = utcnow()
    await _audit(session, {(row.user_id, row.client_id)}, reason, kind="access_token")


async def _revoke(
    session: AsyncSession, access_where: ColumnElement[bool], refresh_where: ColumnElement[bool], reason: str
) -> None:
    # Who held something still live decides who is audited: revoking twice logs once.
    access_live = AccessToken.revoked_at.is_(None)
    refresh_live = RefreshToken.revoked_at.is_(None)
    grants: set[tuple[int, int | None]] = set()
    rows = await session.execute(
        select(AccessToken.user_id, AccessToken.client_id).where(access_where, access_live)
    )
    grants.update((user_id, client_id) for user_id, client_id in rows.all())
    rows = await session.execute(
        select(RefreshToken.user_id, RefreshToken.client_id).where(refresh_where, refresh_live)
    )
    grants.update((user_id, client_id) for user_id, client_id in rows.all())
    now = utcnow()
    await session.execute(update(AccessToken).where(access_where, access_live).values(revoked_at=now))
    await session.execute(update(RefreshToken).where(refresh_where, refresh_live).values(revoked_at=now))
    await _audit(session, grants, reason, kind="grant")


async def _audit(
    session: AsyncSession, grants: set[tuple[int, int | None]], reason: str, *, kind: str
) -> None:
    for user_id, client_pk in sorted(grants, key=lambda g: (g[0], g[1] or 0)):
        recorder.audit_credential(
            session,
            owner_id=user_id,
            workspace_ids=await auth.workspaces_of(session, user_id),
            action="oauth.revoked",
            target_type="oauth_client",
            target_id=client_pk,
            details={"reason": reason, "revoked": kind},
        )
