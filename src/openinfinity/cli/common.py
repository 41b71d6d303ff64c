"""Helpers shared by the CLI commands: settings, one transaction, JSON output, clean failures."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn, TypeVar

import orjson
import typer
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.core.config import Settings
from openinfinity.core.db import Database
from openinfinity.core.errors import ApiError
from openinfinity.core.migrate import upgrade

T = TypeVar("T")


def settings() -> Settings:
    return Settings()


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
