"""The registry of attribute types: `register` a class, `get` it by kind, loop over `kinds()` or
`types()`.

Complete as soon as this module is importable: importing it runs `schema/attributes/types/__init__.py`
first (a submodule's package is imported before it), and that imports every type module."""

from __future__ import annotations

from typing import TypeVar

from openinfinity.schema.attributes.types.base import AttributeType

T = TypeVar("T", bound=type[AttributeType])

_TYPES: dict[str, AttributeType] = {}


def register(cls: T) -> T:
    """Register a type; it must say how a person reads its values (`to_csv`), so a CSV export
    can never meet a type it cannot write."""
    if not any("to_csv" in vars(owner) for owner in cls.__mro__ if owner is not AttributeType):
        raise TypeError(f"attribute type {cls.kind!r} must define to_csv (how its values read in a CSV)")
    _TYPES[cls.kind] = cls()
    return cls


def get(kind: str) -> AttributeType | None:
    return _TYPES.get(kind)


def kinds() -> list[str]:
    return sorted(_TYPES)


def types() -> list[AttributeType]:
    """Every registered type, ordered by kind (for code that asks all types a question, e.g.
    which ones rank first in search)."""
    return [_TYPES[kind] for kind in sorted(_TYPES)]
