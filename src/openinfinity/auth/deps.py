"""Authentication and scope checks as FastAPI dependencies (`CurrentPrincipal`, `scope_guard`)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request

from openinfinity.auth.errors import InsufficientScope
from openinfinity.auth.gate import STATE_KEY, authenticate_request
from openinfinity.auth.principal import Principal
from openinfinity.auth.scopes import Family, required_scope


async def current_principal(request: Request) -> Principal:
    # The headers are read directly, not declared as Header() parameters: FastAPI validates each
    # declared parameter on every request, and this runs on every request. (They were hidden from
    # the OpenAPI document anyway; the description names both.)
    early = getattr(request.state, STATE_KEY, None)
    if isinstance(early, Principal):
        return early  # authenticated before the body was read (auth/gate.py)
    principal = await authenticate_request(request)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def check_scope(principal: Principal, family: Family, method: str) -> None:
    """403 unless the principal holds the scope `method` needs in `family`."""
    needed = required_scope(family, method)
    if needed not in principal.scopes:
        raise InsufficientScope(needed)


def scope_guard(family: Family) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """Router dependency: authenticates, then checks the scope the method needs in `family`."""

    async def guard(request: Request, principal: CurrentPrincipal) -> Principal:
        check_scope(principal, family, request.method)
        return principal

    guard.scope_family = family  # type: ignore[attr-defined]  # read by the route-table tests
    return guard
