"""What a long operation (backup, restore, attachment clean-up) reports as it goes, so the CLI can
draw a progress bar on a terminal; the operations themselves know nothing of terminals."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, label: str, total: int | None = None) -> None:
        """A new stage begins; `total` units of work when known (files, pages, rows)."""

    def advance(self, amount: int = 1) -> None:
        """`amount` more units of the current stage are done."""


class Silent:
    """Reports nothing: the default of every operation, and the CLI's choice in scripts."""

    def stage(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


SILENT = Silent()
