"""Authentication and scope checks as FastAPI dependencies (`CurrentPrincipal`, `scope_guard`)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Header, Request

from openinfinity.auth.errors import InsufficientScope
from openinfinity.auth.principal import Principal
from openinfinity.auth.scopes import Family, required_scope
from openinfinity.auth.service import authenticate, parse_credentials
from openinfinity.core.db import get_database
from openinfinity.core.errors import Unauthenticated


async def current_principal(
    request: Request,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
    x_api_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> Principal:
    raw = parse_credentials(authorization, x_api_token)
    if raw is None:
        raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})
    principal = await authenticate(get_database(request), request.app.state.token_cache, raw)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def scope_guard(family: Family) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """Router dependency: authenticates, then checks the scope the method needs in `family`."""

    async def guard(request: Request, principal: CurrentPrincipal) -> Principal:
        needed = required_scope(family, request.method)
        if needed not in principal.scopes:
            raise InsufficientScope(needed)
        return principal

    guard.scope_family = family  # type: ignore[attr-defined]  # read by the route-table tests
    return guard
