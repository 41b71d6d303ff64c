"""Registered OAuth applications: register, list, look up, delete."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.auth import tokens
from openinfinity.core.errors import NotFound, ValidationFailed
from openinfinity.core.pagination import Page, PageParams, paginate
from openinfinity.core.softdelete import live, soft_delete
from openinfinity.oauth import revocation
from openinfinity.oauth.models import OAuthClient

SECRET_PREFIX = "oi_cs_"
MAX_REDIRECT_URIS = 10
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def redirect_uri_problem(uri: str) -> str | None:
    """Why `uri` cannot be registered: absolute https (http only for loopback), no fragment."""
    if len(uri) > 2000:
        return "must not be greater than 2000 characters."
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in uri):
        # CR/LF would split the Location header the redirect is sent in.
        return "must not contain spaces or control characters."
    try:
        parts = urlsplit(uri)
    except ValueError:
        return "must be a valid URL."
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return "must be an absolute http(s) URL."
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        return "must use https (plain http is allowed for localhost only)."
    if parts.fragment or "#" in uri:
        return "must not contain a fragment."
    return None


def check_registration(name: str, redirect_uris: list[str]) -> list[str]:
    errors: dict[str, list[str]] = {}
    if not name.strip():
        errors["name"] = ["The name field is required."]
    cleaned = [u.strip() for u in redirect_uris if u.strip()]
    if not cleaned:
        errors["redirect_uris"] = ["The redirect uris field is required."]
    elif len(cleaned) > MAX_REDIRECT_URIS:
        errors["redirect_uris"] = [
            f"The redirect uris field must not have more than {MAX_REDIRECT_URIS} items."
        ]
    else:
        for index, uri in enumerate(cleaned):
            problem = redirect_uri_problem(uri)
            if problem:
                errors.setdefault(f"redirect_uris.{index}", []).append(
                    f"The redirect uris.{index} field {problem}"
                )
    if errors:
        raise ValidationFailed(errors)
    return list(dict.fromkeys(cleaned))


async def register(
    session: AsyncSession, *, owner_id: int, name: str, redirect_uris: list[str], public: bool
) -> tuple[OAuthClient, str | None]:
    """A new application; the client secret (confidential clients only) is returned once."""
    uris = check_registration(name, redirect_uris)
    secret = None if public else tokens.generate(SECRET_PREFIX)
    client = OAuthClient(
        client_id=secrets.token_urlsafe(18),
        secret_hash=tokens.hash_token(secret) if secret else None,
        name=name.strip(),
        redirect_uris=uris,
        owner_id=owner_id,
    )
    session.add(client)
    await session.flush()
    return client, secret


async def page_for(session: AsyncSession, owner_id: int, params: PageParams) -> Page[OAuthClient]:
    stmt = select(OAuthClient).where(OAuthClient.owner_id == owner_id, live(OAuthClient))
    return await paginate(
        session, stmt, params, id_column=OAuthClient.id, created_column=OAuthClient.created_at
    )


async def get_owned(session: AsyncSession, owner_id: int, client_pk: int) -> OAuthClient:
    client = await session.get(OAuthClient, client_pk)
    if client is None or client.owner_id != owner_id or client.deleted_at is not None:
        raise NotFound.of("Client")
    return client


async def delete(session: AsyncSession, client: OAuthClient) -> OAuthClient:
    """Remove the application and revoke every token issued to it."""
    soft_delete(client)
    await revocation.revoke_client(session, client.id, reason=revocation.APPLICATION_DELETED)
    await session.flush()
    return client


async def find_active(session: AsyncSession, client_ids: set[str]) -> dict[str, OAuthClient]:
    ids = {c for c in client_ids if c and len(c) <= 64}
    if not ids:
        return {}
    rows = await session.scalars(select(OAuthClient).where(OAuthClient.client_id.in_(ids), live(OAuthClient)))
    return {c.client_id: c for c in rows.all()}
