"""The `Allow` header of a 405: every method some route of the path accepts.

Starlette answers a 405 from the first route whose path matched, and FastAPI makes one route per
method, so its `Allow` named one method where the path takes several. Each method is tried
through the routes' own `matches` (public API; FastAPI's included routers nest routes)."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.routing import BaseRoute, Match
from starlette.types import Scope

_METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(routes: Sequence[BaseRoute], scope: Scope) -> list[str]:
    """Sorted methods for which some route fully matches the path of `scope`."""
    allowed = []
    for method in _METHODS:
        probe = {**scope, "method": method}
        if any(route.matches(probe)[0] is Match.FULL for route in routes):
            allowed.append(method)
    return allowed
