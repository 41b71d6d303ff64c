"""Request kinds that need other parts of the API to exist (views): added when the server has them."""

from __future__ import annotations

from bench import items
from bench.drive import Kind


def extra_kinds(base: str, fx: items.Fixture) -> dict[str, Kind]:
    return {}
