"""`openinfinity token create|list|revoke`."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.auth import service as auth
from openinfinity.auth.models import AccessToken
from openinfinity.cli.common import emit, fail, in_transaction, migrate, settings
from openinfinity.core.errors import NotFound
from openinfinity.core.models import utcnow
from openinfinity.core.timefmt import iso
from openinfinity.users import service as users

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
        expires_at = utcnow() + timedelta(days=expires_in) if expires_in else None
        row, raw = await auth.issue_token(
            session, user, name=name, scopes=wanted, workspace_id=workspace, expires_at=expires_at
        )
        return {"token": raw, **describe(row)}

    try:
        emit(in_transaction(config, work))
    except ValueError as exc:
        fail(str(exc))


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
