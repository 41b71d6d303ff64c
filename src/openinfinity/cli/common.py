"""Helpers shared by the CLI commands: settings, one transaction, JSON output, clean failures."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import orjson
import typer
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.errors import ApiError
from openinfinity.core.migrate import upgrade

T = TypeVar("T")


def settings(*, create: bool = False) -> Settings:
    """The server's settings (environment, `.env`, defaults). Only `create` commands (serve,
    migrate, bootstrap, demo) may start an SQLite database that does not exist yet: any other
    command pointed at the wrong place says so instead of creating an empty one."""
    try:
        config = Settings()
    except ValidationError as exc:
        problem = exc.errors()[0]
        name = "OPENINFINITY_" + "_".join(str(part) for part in problem["loc"]).upper()
        fail(f"invalid setting {name}: {problem['msg']}")
    path = config.sqlite_path
    if not create and path is not None and not path.exists():
        fail(
            f"no database at {path}: run openinfinity migrate to create it, or point --database "
            "(or OPENINFINITY_DATABASE_URL) at the server's database"
        )
    return config


def database_url_option(value: str) -> str:
    """`--database`: a URL, or a path to an SQLite file."""
    return value if "://" in value else f"sqlite:///{Path(value).expanduser().resolve()}"


def migrate(config: Settings) -> None:
    upgrade(config.database_url)


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code=1)


def emit(data: Any) -> None:
    """Exactly one JSON document on stdout; scripts parse it."""
    typer.echo(orjson.dumps(data).decode())


def in_transaction(config: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database(config)
        try:
            async with db.transaction() as session:
                return await work(session)
        finally:
            await db.dispose()

    try:
        return asyncio.run(run())
    except ApiError as exc:
        fail(exc.message)
