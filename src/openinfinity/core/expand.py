"""`expand[]` handling: each endpoint names what it can expand; anything else is a 422."""

# No `from __future__ import annotations` here: FastAPI must evaluate the dependency's
# annotation, which closes over this function's locals.
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Query

from openinfinity.core.errors import ValidationFailed, merge_validation


def expand_param(*allowed: str) -> Callable[..., Awaitable[frozenset[str]]]:
    options = frozenset(allowed)
    described = ", ".join(allowed)

    # async: a plain `def` dependency costs a threadpool hop per request.
    async def dependency(
        expand: Annotated[list[str], Query(description=f"Sub-models to include: {described}")] = [],  # noqa: B006
    ) -> frozenset[str]:
        bad = [
            ValidationFailed({f"expand.{i}": [f"The selected expand.{i} is invalid."]})
            for i, value in enumerate(expand)
            if value not in options
        ]
        if bad:
            raise merge_validation(bad)
        return frozenset(expand)

    return dependency
