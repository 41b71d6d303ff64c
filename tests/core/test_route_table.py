"""No two routes answer the same request: the order routers are included in (hottest first, see
openinfinity/api.py) then only decides how soon a request finds its route, never which one."""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.routing import compile_path

from tests.auth.test_route_scopes import _flat_routes


def _sample(path: str) -> str:
    """A concrete path the template matches: every parameter replaced by a plain word."""
    return re.sub(r"\{[^}]+\}", "x1", path)


async def test_no_two_routes_match_one_request(app: FastAPI) -> None:
    routes = [(r.path, set(r.methods or ()), compile_path(r.path)[0]) for r in _flat_routes(app)]
    clashes = [
        f"{sorted(methods & other_methods)} {path} also matches {other}"
        for path, methods, _ in routes
        for other, other_methods, pattern in routes
        if other != path and methods & other_methods and pattern.match(_sample(path))
    ]
    assert clashes == []
    assert len(routes) > 50
