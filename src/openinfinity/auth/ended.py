"""The token cache learns that a credential ended from the commit that ended it.

`TokenCache` (auth/service.py) keeps token -> principal for a few seconds. Whatever ends or narrows
a credential (a revoked personal or OAuth token, a deleted application, an ended browser session,
a deactivated, deleted or demoted user, a password reset) writes one of the rows and columns
below; this module flags such a transaction (core/commits.py `CREDENTIALS`) when it flushes or
runs a bulk statement, and every cache subscribed to the engine is cleared once it has committed.
So the service functions that revoke need not remember the cache, and a request that read the
credential just before the commit cannot put it back afterwards.

Per process, as before: another server process sees the change within `token_cache_seconds`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import ORMExecuteState, Session

from openinfinity.accounts.users.models import User
from openinfinity.auth.models import AccessToken, WebSession
from openinfinity.auth.service import TokenCache
from openinfinity.core import commits

# The columns a cached principal was built from (None: any change of the row, and its deletion).
_WATCHED: dict[type[Any], tuple[str, ...] | None] = {
    AccessToken: ("revoked_at", "expires_at", "scopes", "workspace_id", "user_id"),
    WebSession: None,
    User: ("active", "deleted_at", "is_instance_admin"),
}


def subscribe(cache: TokenCache, engine: AsyncEngine) -> Callable[[], None]:
    """Clear `cache` after each commit through `engine` that ended a credential; returns the
    function that unsubscribes."""
    return commits.watch(engine, cache.clear, flag=commits.CREDENTIALS)


def _ends(obj: object, *, deleted: bool) -> bool:
    if type(obj) not in _WATCHED:
        return False
    columns = _WATCHED[type(obj)]
    if deleted or columns is None:
        return True
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in columns)


@event.listens_for(Session, "before_flush")
def _flag_rows(session: Session, _context: Any, _instances: Any) -> None:
    # before_flush: the attribute history that says which columns changed is still there.
    changed = chain(((o, False) for o in session.dirty), ((o, True) for o in session.deleted))
    if any(_ends(obj, deleted=deleted) for obj, deleted in changed):
        commits.flag(session, commits.CREDENTIALS)


def _set_columns(statement: Any) -> Iterable[str] | None:
    """The columns an UPDATE sets, None when they cannot be told (then it counts as ending)."""
    values = getattr(statement, "_values", None)
    if not values:
        return None
    return [getattr(column, "key", str(column)) for column in values]


@event.listens_for(Session, "do_orm_execute")
def _flag_bulk(state: ORMExecuteState) -> None:
    # Bulk UPDATE/DELETE statements (revoking every token of a grant, ending all sessions of a user)
    # bypass the flush. The frequent `last_used_at` update of a token must not clear the cache.
    mapper = state.bind_mapper
    if mapper is None or mapper.class_ not in _WATCHED or not (state.is_update or state.is_delete):
        return
    columns = _WATCHED[mapper.class_]
    if state.is_update and columns is not None:
        set_columns = _set_columns(state.statement)
        if set_columns is not None and not set(set_columns) & set(columns):
            return
    commits.flag(state.session, commits.CREDENTIALS)
