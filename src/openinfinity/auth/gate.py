"""Authentication before the body: a request that announces a body is authenticated by the
request middleware before any of it is read, so an anonymous or badly authenticated caller cannot
make the server buffer (or parse) a large body only to answer 401. The principal is kept in the
request state, and `current_principal` uses it instead of authenticating twice."""

from __future__ import annotations

from starlette.types import Scope

from openinfinity.auth.service import TokenCache, authenticate
from openinfinity.core.credentials import request_credential
from openinfinity.core.db import Database
from openinfinity.core.dialects import Gate
from openinfinity.core.errors import ApiError, Unauthenticated

STATE_KEY = "principal"


def body_gate(db: Database, cache: TokenCache) -> Gate:
    async def gate(scope: Scope) -> ApiError | None:
        try:
            raw = request_credential(scope.get("headers", []))
            if raw is None:
                raise Unauthenticated(headers={"WWW-Authenticate": "Bearer"})
            principal = await authenticate(db, cache, raw)
        except Unauthenticated as exc:
            return exc
        scope.setdefault("state", {})[STATE_KEY] = principal
        return None

    return gate
