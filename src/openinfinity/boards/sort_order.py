"""`sort_order` in the hosted API's form: stored as a float, presented as a decimal string with 30
places ("393216.000000000000000000000000000000"), accepted as a number or a numeric string.
New records go after the last one: previous max + 65536."""

from __future__ import annotations

import math
from decimal import Context, Decimal, InvalidOperation
from typing import Any

from openinfinity.core.errors import ValidationFailed

STEP = 65536.0
_PLACES = Decimal(1).scaleb(-30)
# Enough digits for 2**52 with 30 decimal places.
_CONTEXT = Context(prec=100)
# Far beyond any real list, and well inside a float's exact integer range.
LIMIT = 2.0**52


def format_sort_order(value: float | None) -> str:
    number = Decimal(repr(float(value or 0.0)))
    return str(number.quantize(_PLACES, context=_CONTEXT))


def parse_sort_order(raw: Any, field: str = "sort_order") -> float:
    """A client's sort_order (number or numeric string); 422 otherwise."""
    if isinstance(raw, bool) or raw is None:
        raise ValidationFailed.field(field, "must be a number.")
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str) and len(raw) <= 80:
        try:
            number = float(Decimal(raw.strip()))
        except (InvalidOperation, ValueError):
            raise ValidationFailed.field(field, "must be a number.") from None
    else:
        raise ValidationFailed.field(field, "must be a number.")
    if not math.isfinite(number) or abs(number) > LIMIT:
        raise ValidationFailed.field(field, f"must be between {-int(LIMIT)} and {int(LIMIT)}.")
    return number


def next_after(current_max: float | None) -> float:
    return (current_max or 0.0) + STEP
