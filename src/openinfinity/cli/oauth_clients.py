"""`openinfinity oauth-client create|list|delete`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users.models import User
from openinfinity.auth import accounts
from openinfinity.cli.common import emit, in_transaction, migrate, settings
from openinfinity.core.errors import NotFound
from openinfinity.core.softdelete import live
from openinfinity.oauth import clients
from openinfinity.oauth.models import OAuthClient
from openinfinity.oauth.schemas import present_client

app = typer.Typer(help="Manage OAuth2 applications.", no_args_is_help=True)


async def _owner(session: AsyncSession, email: str | None) -> User:
    if email:
        return await accounts.require_by_email(session, email)
    # Without --owner the application belongs to the first instance administrator.
    admin = await session.scalar(
        select(User).where(User.is_instance_admin.is_(True), live(User)).order_by(User.id).limit(1)
    )
    if admin is None:
        raise NotFound("No instance administrator exists; pass --owner EMAIL.")
    return admin


@app.command("create")
def create(
    name: Annotated[str, typer.Option(help="Application name shown on the consent page")],
    redirect_uri: Annotated[list[str], typer.Option(help="Allowed redirect URI (repeatable)")],
    public: Annotated[bool, typer.Option("--public", help="Public client: no secret, PKCE required")] = False,
    owner: Annotated[
        str | None, typer.Option(help="E-mail of the owning user (default: first admin)")
    ] = None,
) -> None:
    """Register an application; prints client_id and, for confidential clients, client_secret."""
    config = settings()
    migrate(config)

    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await _owner(session, owner)
        client, secret = await clients.register(
            session, owner_id=user.id, name=name, redirect_uris=redirect_uri, public=public
        )
        data = present_client(client)
        if secret is not None:
            data["client_secret"] = secret
        return data

    emit(in_transaction(config, work))


@app.command("list")
def list_() -> None:
    """List every registered application (never the secrets)."""
    config = settings()

    async def work(session: AsyncSession) -> list[dict[str, Any]]:
        rows = await session.scalars(select(OAuthClient).where(live(OAuthClient)).order_by(OAuthClient.id))
        return [{**present_client(c), "owner_id": c.owner_id} for c in rows.all()]

    emit(in_transaction(config, work))


@app.command("delete")
def delete(client_id: Annotated[str, typer.Argument(help="The application's client_id")]) -> None:
    """Delete an application and revoke its tokens."""
    config = settings()

    async def work(session: AsyncSession) -> dict[str, Any]:
        found = (await clients.find_active(session, {client_id})).get(client_id)
        if found is None:
            raise NotFound.of("Client")
        return {**present_client(await clients.delete(session, found)), "deleted": True}

    emit(in_transaction(config, work))
