"""`openinfinity token create|list|revoke`."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.accounts.users import service as users
from openinfinity.auth import personal
from openinfinity.auth import service as auth
from openinfinity.auth.models import AccessToken
from openinfinity.cli.common import emit, in_transaction, migrate, settings
from openinfinity.core.errors import NotFound
from openinfinity.core.timefmt import iso

app = typer.Typer(help="Manage personal access tokens.", no_args_is_help=True)


def describe(token: AccessToken) -> dict[str, Any]:
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "scopes": token.scopes,
        "workspace_id": token.workspace_id,
        "expires_at": iso(token.expires_at),
        "last_used_at": iso(token.last_used_at),
        "created_at": iso(token.created_at),
    }


@app.command("create")
def create(
    email: Annotated[str, typer.Option(help="The token owner's e-mail")],
    name: Annotated[str, typer.Option(help="A name to recognise the token by")] = "cli",
    scopes: Annotated[str | None, typer.Option(help="Comma list: read,write,members,hooks,admin")] = None,
    workspace: Annotated[int | None, typer.Option(help="Restrict the token to this workspace")] = None,
    expires_in: Annotated[int | None, typer.Option(help="Days until the token expires")] = None,
) -> None:
    """Issue a token and print it once, as JSON."""
    config = settings()
    migrate(config)
    wanted = [s.strip() for s in scopes.split(",") if s.strip()] if scopes else None

    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await users.find_by_email(session, email)
        if user is None:
            raise NotFound(f"No user with e-mail {email}.")
        # The same checks as the profile page and API: known scopes, own workspace, sane expiry.
        row, raw = await personal.create(
            session, user, name=name, scopes=wanted, workspace_id=workspace, expires_in_days=expires_in
        )
        return {"token": raw, **describe(row)}

    emit(in_transaction(config, work))


@app.command("list")
def list_(email: Annotated[str, typer.Option(help="The token owner's e-mail")]) -> None:
    """List a user's active tokens (never the secret)."""
    config = settings()

    async def work(session: AsyncSession) -> list[dict[str, Any]]:
        user = await users.find_by_email(session, email)
        if user is None:
            raise NotFound(f"No user with e-mail {email}.")
        return [describe(t) for t in await auth.list_tokens(session, user.id)]

    emit(in_transaction(config, work))


@app.command("revoke")
def revoke(token_id: Annotated[int, typer.Argument(help="The token's id")]) -> None:
    """Revoke a token; requests with it answer 401 from then on."""
    config = settings()

    async def work(session: AsyncSession) -> dict[str, Any]:
        return {**describe(await auth.revoke_token(session, token_id)), "revoked": True}

    emit(in_transaction(config, work))
