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
        # Not standalone: usage errors come here as exceptions instead of a printed usage box.
        kwargs.setdefault("standalone_mode", False)
        try:
            code = super().__call__(*args, **kwargs)
        except typer.Abort:
            typer.echo("error: aborted", err=True)
            sys.exit(1)
        except typer.TyperException as exc:  # a usage error: an option missing or malformed
            format_message = getattr(exc, "format_message", None)
            message = format_message() if callable(format_message) else str(exc)
            typer.echo(f"error: {message} (see --help)", err=True)
            sys.exit(int(getattr(exc, "exit_code", 2)))
        except (SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if "--debug" in sys.argv[1:]:
                raise
            typer.echo(f"error: {error_line(exc)} (run with --debug for the traceback)", err=True)
            sys.exit(1)
        if isinstance(code, int) and code:
            sys.exit(code)  # typer.Exit(code) from a command (`fail`)
        return code
