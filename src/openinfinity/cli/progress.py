"""Progress for long commands: a bar on stderr when it is a terminal, nothing in scripts (their
stderr stays empty on success, their stdout one JSON document)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

Step = Callable[[str], None]


def quiet(_: str) -> None:
    """A step that reports nothing."""


@contextmanager
def stages(title: str, total: int) -> Iterator[Step]:
    """Yield `step(label)`, called once as each of `total` stages begins."""
    if not sys.stderr.isatty():
        yield quiet
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(title, total=total)
        started = False

        def step(label: str) -> None:
            nonlocal started
            progress.update(task, advance=1 if started else 0, description=f"{title}: {label}")
            started = True

        yield step
        progress.update(task, completed=total)
