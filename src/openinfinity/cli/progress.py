"""Progress for long commands (backup, restore, gc-attachments): a bar on stderr when stderr is a
terminal, nothing otherwise. Scripts (cron, CI, a subprocess) have no terminal there, so their
stderr stays empty on success and their stdout is one JSON document; a person who pipes the JSON
into another program (`openinfinity backup x.tar.gz | jq`) still sees the bar."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from openinfinity.core.progress import SILENT, Progress


class TerminalProgress:
    """The operation's stages and units drawn as one rich bar, titled `title: stage`."""

    def __init__(self, bar: RichProgress, task: TaskID, title: str) -> None:
        self.bar, self.task, self.title = bar, task, title

    def stage(self, label: str, total: int | None = None) -> None:
        self.bar.reset(self.task, total=total, description=f"{self.title}: {label}")
        self.bar.refresh()  # each stage is drawn at least once, however short

    def advance(self, amount: int = 1) -> None:
        self.bar.advance(self.task, amount)


def shows_progress() -> bool:
    return sys.stderr.isatty()


@contextmanager
def progress(title: str) -> Iterator[Progress]:
    """A reporter for the command `title`: a bar on a terminal, else silent."""
    if not shows_progress():
        yield SILENT
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with RichProgress(*columns, console=Console(stderr=True), transient=True) as bar:
        yield TerminalProgress(bar, bar.add_task(title, total=None), title)
