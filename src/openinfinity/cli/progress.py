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
    if not sys.stderr.isatty():
        yield lambda _: None
        return
    columns = (TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(title, total=None)
        yield lambda snap: progress.update(task, description=_line(title, snap))
