"""The Typer application with the operator's contract: a failure is one `error: …` line on
stderr and exit status 1; the traceback only with `--debug`."""

from __future__ import annotations

import sys
from typing import Any

import typer


def error_line(exc: BaseException) -> str:
    """The exception as one line: its first line of text, else its type."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    name = type(exc).__name__
    return f"{name}: {first}" if first else name


class Cli(typer.Typer):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except (SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if "--debug" in sys.argv[1:]:
                raise
            typer.echo(f"error: {error_line(exc)} (run with --debug for the traceback)", err=True)
            sys.exit(1)
