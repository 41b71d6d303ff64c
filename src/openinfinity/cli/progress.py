"""Progress for long commands (backup, restore, gc-attachments, export, import): a bar on
stderr when stderr is a terminal, nothing otherwise. Scripts (cron, CI, a subprocess) have no
terminal there, so their stderr stays empty on success and their stdout is one JSON document; a
person who pipes the JSON into another program (`openinfinity backup x.tar.gz | jq`) still sees
the bar."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
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


Update = Callable[[dict[str, object]], None]


def _line(title: str, snap: dict[str, object]) -> str:
    """`import · Roadmap · items 340/1200 · 95.0/min · ETA 9m12s · board 3, folder 9` from a
    transfer progress snapshot (most telling first: a narrow terminal cuts the end)."""
    done = snap.get("done") if isinstance(snap.get("done"), dict) else {}
    assert isinstance(done, dict)
    totals = snap.get("totals") if isinstance(snap.get("totals"), dict) else {}
    assert isinstance(totals, dict)
    parts = [title]
    if snap.get("board"):
        parts.append(str(snap["board"]))
    total = snap.get("board_total") or totals.get("item")
    parts.append(f"items {done.get('item', 0)}{f'/{total}' if total else ''}")
    if snap.get("items_per_minute"):
        parts.append(f"{snap['items_per_minute']}/min")
    eta = snap.get("eta_seconds")
    if isinstance(eta, int | float):
        parts.append(f"ETA {int(eta // 60)}m{int(eta % 60):02d}s")
    others = ", ".join(f"{kind} {count}" for kind, count in done.items() if kind != "item")
    if others:
        parts.append(others)
    return " · ".join(parts)


@contextmanager
def live(title: str) -> Iterator[Update]:
    """Yield `update(snapshot)`: a status line with counts, rate and ETA (terminal only)."""
    if not shows_progress():
        yield lambda _: None
        return
    columns = (TextColumn("{task.description}"), TimeElapsedColumn())
    with RichProgress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(title, total=None)
        yield lambda snap: progress.update(task, description=_line(title, snap))
