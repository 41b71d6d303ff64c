"""Who is acting in a session: read from the request the session serves (core/db.REQUEST_KEY),
once per session. A session outside a request (the CLI, maintenance) acts as "system"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from openinfinity.auth.principal import Principal
from openinfinity.core.db import REQUEST_KEY

_CACHE_KEY = "openinfinity.actor"


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None = None
    # "personal" (token), "oauth" (an application's token), "session" (web app), "system".
    kind: str = "system"
    token_id: int | None = None
    client_id: int | None = None
    address: str | None = None

    def columns(self) -> dict[str, Any]:
        return {
            "actor_user_id": self.user_id,
            "actor_kind": self.kind,
            "actor_token_id": self.token_id,
            "actor_client_id": self.client_id,
        }


SYSTEM = Actor()


def _of_principal(principal: Principal, address: str | None) -> Actor:
    return Actor(
        user_id=principal.user_id,
        kind=principal.kind,
        token_id=principal.token_id,
        client_id=principal.client_id,
        address=address,
    )


def actor_of(session: Session | Any, principal: Principal | None = None) -> Actor:
    """The actor of `session` (an AsyncSession or its sync Session: they share `info`).

    `principal`, when the caller has it at hand (a board or workspace context), names the actor
    even in a session that serves no request (commands, tests acting for a user)."""
    info = session.info
    cached = info.get(_CACHE_KEY)
    if isinstance(cached, Actor) and (principal is None or cached.user_id == principal.user_id):
        return cached
    request = info.get(REQUEST_KEY)
    address = None
    if request is not None:
        client = request.client
        address = client.host if client else None
        found = getattr(request.state, "principal", None)
        if isinstance(found, Principal):
            principal = found
    if principal is None:
        return Actor(address=address)
    actor = _of_principal(principal, address)
    info[_CACHE_KEY] = actor
    return actor
