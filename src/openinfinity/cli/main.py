"""The `openinfinity` command."""

from __future__ import annotations

import logging
import os
from enum import StrEnum
from typing import Annotated, Any

import typer
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity import __version__
from openinfinity.cli import backup, checks, members, oauth_clients, tokens, transfer, worker
from openinfinity.cli import users as user_commands
from openinfinity.cli.app import Cli
from openinfinity.cli.attachments import gc_attachments
from openinfinity.cli.bootstrap import ensure_account
from openinfinity.cli.common import database_url_option, emit, in_transaction, migrate, settings
from openinfinity.cli.servers import serve_granian, serve_uvicorn
from openinfinity.cli.sharedmetrics import share_metrics
from openinfinity.core import metrics
from openinfinity.core.config import Settings
from openinfinity.core.logging import configure as configure_logging
from openinfinity.demo.loader import DemoAccount
from openinfinity.demo.loader import load as load_demo
from openinfinity.files.runtime import AttachmentsRuntime

log = logging.getLogger("openinfinity.serve")


class ServerName(StrEnum):
    granian = "granian"
    uvicorn = "uvicorn"


app = Cli(
    help="openinfinity: a self-hosted Infinity REST API v2 server.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"openinfinity {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            help="Database URL or SQLite file (default: OPENINFINITY_DATABASE_URL, else "
            "openinfinity.db in OPENINFINITY_DATA_DIR or the platform's user data directory)",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version")
    ] = False,
) -> None:
    """openinfinity: a self-hosted Infinity REST API v2 server."""
    if database:
        # Through the environment: server worker processes read their own settings.
        os.environ["OPENINFINITY_DATABASE_URL"] = database_url_option(database)


app.add_typer(tokens.app, name="token")
app.add_typer(members.app, name="member")
app.add_typer(user_commands.app, name="user")
app.add_typer(oauth_clients.app, name="oauth-client")
app.command("gc-attachments")(gc_attachments)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore)
app.command("worker")(worker.worker)
app.command("import-remote")(transfer.import_remote)
app.command("export")(transfer.export)
app.command("import")(transfer.import_archive)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes")] = 1,
    demo: Annotated[
        bool, typer.Option(help="Create the demo workspace; print its sign-in and a token")
    ] = False,
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
    config = settings(create=True)
    shared_with_workers = share_metrics(config)
    configure_logging(config.log_level, config.log_format)
    checks.rate_limit_shared(config, workers)
    if config.is_sqlite:
        migrate(config)
    checks.database_ready(config)
    checks.note_dispatcher(config)
    if demo:
        typer.echo(demo_banner(config, _load_demo(config)), err=True)
    log.info(
        "starting %s on %s:%s with %d worker(s)",
        server.value,
        config.host,
        config.port,
        workers,
        extra={"settings": config.masked()},
    )
    # Several workers add up their metrics through files in a fresh directory (core.metrics),
    # unless OPENINFINITY_METRICS_DIR names one shared with `openinfinity worker` processes.
    shared = metrics.multiprocess_dir() if workers > 1 and not shared_with_workers else None
    try:
        _run(server, config, workers)
    finally:
        if shared is not None:
            metrics.remove_multiprocess_dir(shared)


def _run(server: ServerName, config: Settings, workers: int) -> None:
    if server is ServerName.granian:
        serve_granian(config, workers)
        return
    serve_uvicorn(config, workers)


@app.command("demo")
def demo_command() -> None:
    """Create the demo workspace (once); print its sign-in and a new token as JSON."""
    config = settings(create=True)
    migrate(config)
    account = _load_demo(config)
    emit(
        {
            "user_id": account.user_id,
            "workspace_id": account.workspace_id,
            "token": account.token,
            "email": account.email,
            "password": account.password,
        }
    )


def _load_demo(config: Settings) -> DemoAccount:
    runtime = AttachmentsRuntime.build(config)
    return in_transaction(config, lambda session: load_demo(session, runtime))


def demo_banner(config: Settings, account: DemoAccount) -> str:
    """What `serve --demo` tells a newcomer: where the web app is and how to sign in."""
    password = account.password or "(changed since; the one you chose)"
    return (
        f"Demo workspace {account.workspace_id} is ready.\n"
        f"  Web app:  {config.base_url}/\n"
        f"  Sign in:  {account.email} / {password}\n"
        f"  API:      curl -H 'Authorization: Bearer {account.token}' {config.base_url}/api/v2/workspaces"
    )


@app.command("config")
def config_command() -> None:
    """Print the resolved settings (environment, .env, defaults) as JSON, secrets masked."""
    emit(settings(create=True).masked())


@app.command("migrate")
def migrate_command() -> None:
    """Apply pending database migrations (creates an SQLite database that does not exist yet)."""
    config = settings(create=True)
    configure_logging(config.log_level, config.log_format)  # each revision applied is logged
    migrate(config)
    typer.echo("database is up to date", err=True)


@app.command()
def bootstrap(
    email: Annotated[str, typer.Option(help="The user's e-mail (created when unknown)")],
    name: Annotated[str, typer.Option(help="The user's display name")],
    workspace: Annotated[str, typer.Option(help="Workspace name (created unless the user owns one)")],
    password: Annotated[
        str | None, typer.Option(help="Set this sign-in password too (browser sign-in)")
    ] = None,
) -> None:
    """Ensure a user and a workspace they own, issue a new token, print them as one JSON object."""
    config = settings(create=True)
    migrate(config)

    async def work(session: AsyncSession) -> dict[str, Any]:
        return await ensure_account(session, email=email, name=name, workspace=workspace, password=password)

    emit(in_transaction(config, work))
