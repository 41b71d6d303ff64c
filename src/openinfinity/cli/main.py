"""The `openinfinity` command."""

from __future__ import annotations

import os
from enum import StrEnum
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.auth import service as auth
from openinfinity.cli import oauth_clients, tokens, worker
from openinfinity.cli import users as user_commands
from openinfinity.cli.attachments import gc_attachments
from openinfinity.cli.common import emit, in_transaction, migrate, settings
from openinfinity.cli.servers import serve_granian, serve_uvicorn
from openinfinity.demo.loader import load as load_demo
from openinfinity.users import service as users
from openinfinity.workspaces import service as workspaces


class ServerName(StrEnum):
    granian = "granian"
    uvicorn = "uvicorn"


app = typer.Typer(help="openinfinity: a self-hosted Infinity REST API v2 server.", no_args_is_help=True)
app.add_typer(tokens.app, name="token")
app.add_typer(user_commands.app, name="user")
app.add_typer(oauth_clients.app, name="oauth-client")
app.command("gc-attachments")(gc_attachments)
app.command("worker")(worker.worker)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    demo: Annotated[bool, typer.Option(help="Create the demo workspace and print a token for it")] = False,
    server: Annotated[
        ServerName, typer.Option(help="HTTP server: uvicorn or granian (see docs/benchmark.md)")
    ] = ServerName.uvicorn,
) -> None:
    """Serve the API (applies pending migrations to an embedded SQLite database first)."""
    # Worker processes build their own Settings, so overrides travel through the environment.
    if host:
        os.environ["OPENINFINITY_HOST"] = host
    if port:
        os.environ["OPENINFINITY_PORT"] = str(port)
    config = settings()
    if config.is_sqlite:
        migrate(config)
    if demo:
        account = in_transaction(config, load_demo)
        typer.echo(
            f"Demo workspace {account.workspace_id} is ready. Try:\n"
            f"  curl -H 'Authorization: Bearer {account.token}' {config.base_url}/api/v2/workspaces",
            err=True,
        )
    if server is ServerName.granian:
        serve_granian(config, workers)
        return
    serve_uvicorn(config, workers)


@app.command("demo")
def demo_command() -> None:
    """Create the demo workspace (once) and print a new token for it as JSON."""
    config = settings()
    migrate(config)
    account = in_transaction(config, load_demo)
    emit({"user_id": account.user_id, "workspace_id": account.workspace_id, "token": account.token})


@app.command("migrate")
def migrate_command() -> None:
    """Apply pending database migrations."""
    migrate(settings())
    typer.echo("database is up to date", err=True)


@app.command()
def bootstrap(
    email: Annotated[str, typer.Option(help="The user's e-mail (created when unknown)")],
    name: Annotated[str, typer.Option(help="The user's display name")],
    workspace: Annotated[str, typer.Option(help="Workspace name (created unless the user owns one)")],
) -> None:
    """Ensure a user and a workspace they own, issue a new token, print them as one JSON object."""
    config = settings()
    migrate(config)

    async def work(session: AsyncSession) -> dict[str, Any]:
        user = await users.find_by_email(session, email)
        if user is None:
            user = await users.create_user(session, email=email, name=name)
        owned = await workspaces.find_owned(session, owner_id=user.id, name=workspace)
        if owned is None:
            owned = await workspaces.create(session, owner_id=user.id, name=workspace)
        _, raw = await auth.issue_token(session, user, name="bootstrap")
        return {"user_id": user.id, "workspace_id": owned.id, "token": raw}

    emit(in_transaction(config, work))
