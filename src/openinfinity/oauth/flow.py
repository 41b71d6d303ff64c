"""The async halves around Authlib: preload what it may read, then apply what it decided."""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta
from urllib.parse import unquote

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.auth import service as auth
from openinfinity.auth import tokens
from openinfinity.auth.models import AccessToken
from openinfinity.core import history as recorder
from openinfinity.core.config import Settings
from openinfinity.core.models import utcnow
from openinfinity.oauth import clients, revocation
from openinfinity.oauth.adapter import Exchange, Request
from openinfinity.oauth.models import AuthorizationCode, RefreshToken


def basic_client_id(request: Request) -> str | None:
    header = request.headers.get("Authorization") or ""
    kind, _, value = header.strip().partition(" ")
    if kind.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return unquote(decoded.split(":", 1)[0])


async def preload(session: AsyncSession, request: Request) -> Exchange:
    """Every row Authlib could look up while handling `request`."""
    exchange = Exchange()
    data = request.payload.data
    exchange.clients = await clients.find_active(
        session, {data.get("client_id") or "", basic_client_id(request) or ""}
    )
    user_ids: set[int] = set()
    if code := request.form.get("code"):
        exchange.code = await session.scalar(
            select(AuthorizationCode).where(AuthorizationCode.code_hash == tokens.hash_token(code))
        )
        if exchange.code is not None:
            user_ids.add(exchange.code.user_id)
    raw = request.form.get("refresh_token") or request.form.get("token")
    if raw:
        exchange.refresh = await session.scalar(
            select(RefreshToken).where(RefreshToken.token_hash == tokens.hash_token(raw))
        )
        if exchange.refresh is not None:
            user_ids.add(exchange.refresh.user_id)
    if token := request.form.get("token"):
        exchange.access = await session.scalar(
            select(AccessToken).where(
                AccessToken.token_hash == tokens.hash_token(token),
                AccessToken.kind == "oauth",
                AccessToken.revoked_at.is_(None),
            )
        )
    if user_ids:
        rows = await session.scalars(select(User).where(User.id.in_(user_ids)))
        exchange.users = {u.id: u for u in rows.all()}
    return exchange


async def burn_code(session: AsyncSession, code: AuthorizationCode) -> None:
    """The code can never be exchanged (a later attempt is then treated as a replay)."""
    await session.execute(
        update(AuthorizationCode)
        .where(AuthorizationCode.id == code.id, AuthorizationCode.used_at.is_(None))
        .values(used_at=utcnow())
    )


async def apply(session: AsyncSession, exchange: Exchange, settings: Settings) -> bool:
    """Persist Authlib's decisions. False when a single-use credential was claimed concurrently
    (the response must then become invalid_grant)."""
    now = utcnow()
    if exchange.replayed_family:
        await revocation.revoke_family(session, exchange.replayed_family, reason=revocation.REPLAYED)
    if exchange.revoke_family:
        await revocation.revoke_family(session, exchange.revoke_family, reason=revocation.REVOKED)
    if exchange.revoke_access is not None:
        await revocation.revoke_access(session, exchange.revoke_access, reason=revocation.REVOKED)
    if exchange.new_code is not None:
        session.add(exchange.new_code)
        code = exchange.new_code
        # The user consented: the application may act for them in each of their workspaces.
        recorder.audit_credential(
            session,
            owner_id=code.user_id,
            workspace_ids=await auth.workspaces_of(session, code.user_id),
            action="oauth.granted",
            target_type="oauth_client",
            target_id=code.client_id,
            details={"scopes": list(code.scopes or [])},
        )
    if exchange.consume_code is not None:
        claimed = await session.execute(
            update(AuthorizationCode)
            .where(AuthorizationCode.id == exchange.consume_code.id, AuthorizationCode.used_at.is_(None))
            .values(used_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return False
    if exchange.rotate_refresh is not None:
        claimed = await session.execute(
            update(RefreshToken)
            .where(RefreshToken.id == exchange.rotate_refresh.id, RefreshToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return False
    if exchange.issued:
        user = exchange.grant_user
        client_row = next((c for c in exchange.clients.values() if c.id == _client_pk(exchange)), None)
        assert user is not None and exchange.family is not None and client_row is not None
        for issued in exchange.issued:
            await auth.issue_token(
                session,
                user,
                name=client_row.name,
                scopes=issued.scopes,
                expires_at=issued.expires_at,
                kind="oauth",
                client_id=client_row.id,
                family=exchange.family,
                raw=issued.access_token,
            )
            if issued.refresh_token:
                session.add(
                    RefreshToken(
                        token_hash=tokens.hash_token(issued.refresh_token),
                        client_id=client_row.id,
                        user_id=user.id,
                        scopes=issued.scopes,
                        family=exchange.family,
                        expires_at=now + timedelta(days=settings.oauth_refresh_token_days),
                    )
                )
    await session.flush()
    return True


def _client_pk(exchange: Exchange) -> int | None:
    if exchange.consume_code is not None:
        return exchange.consume_code.client_id
    if exchange.rotate_refresh is not None:
        return exchange.rotate_refresh.client_id
    return None
