"""The application's routes as one flat list (newer FastAPI keeps included routers lazily)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import fastapi.routing
from fastapi import FastAPI
from fastapi.routing import APIRoute

# FastAPI 0.13x+ flattens included routers on demand; older versions list them in app.routes.
_iter_route_contexts: Any = getattr(fastapi.routing, "iter_route_contexts", None)


def api_routes(app: FastAPI) -> Iterator[Any]:
    """Every documented API route (APIRoute or its context): path_format, methods, name, dependant."""
    if _iter_route_contexts is None:
        routes: Any = (route for route in app.routes if isinstance(route, APIRoute))
    else:
        routes = (c for c in _iter_route_contexts(app.routes) if isinstance(c.original_route, APIRoute))
    for route in routes:
        if route.include_in_schema:
            yield route
