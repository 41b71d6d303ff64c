"""Who may keep a stream open: the caller as at connect (the same authentication and the same
board rule as every other route, boards/access.py `resolve`), asked again while the stream lives.

A removed member (from the workspace or from a restricted board's list), a deactivated or deleted
user, a revoked or expired token, a signed-out browser session, a deleted board or workspace:
the next check fails and the stream ends with a `closed` event (reason `access-revoked`). The
client's reconnection then gets the 401/404 every other route would.

Bound: `changes_access_check_seconds` (5 s) after the change, plus up to `token_cache_seconds`
(5 s) when a token is revoked through another process (this process clears its cache at once).
A commit through this process that touches what access depends on wakes the check at once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from itertools import chain
from typing import Any

from fastapi import Request
from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from openinfinity.accounts.users.models import User
from openinfinity.accounts.workspaces.models import Membership, Workspace
from openinfinity.appstate import app_state
from openinfinity.auth.gate import authenticate_request
from openinfinity.auth.models import AccessToken, WebSession
from openinfinity.boards.access import BoardContext, resolve
from openinfinity.boards.models import Board, BoardUser
from openinfinity.core import commits
from openinfinity.core.errors import ApiError

# Rows whose every change may change access, and rows where only these columns do.
_ANY_CHANGE = (Membership, BoardUser, AccessToken, WebSession)
_SOME_COLUMNS: dict[type[Any], tuple[str, ...]] = {
    User: ("active", "deleted_at"),
    Workspace: ("deleted_at",),
    Board: ("deleted_at",),
}
_WATCHED: tuple[type[Any], ...] = (*_ANY_CHANGE, *_SOME_COLUMNS)
_CREDENTIAL_HEADERS = (b"authorization", b"x-api-token", b"cookie")


def credential_key(request: Request) -> str:
    """Streams opened with the same credentials share one access check."""
    digest = hashlib.sha256()
    for name, value in request.scope.get("headers", []):
        if name in _CREDENTIAL_HEADERS:
            digest.update(name + b"=" + bytes(value) + b"\n")
    return digest.hexdigest()


def rechecker(request: Request, board: BoardContext) -> Callable[[], Awaitable[bool]]:
    """A check that the request's caller still sees the board, run while its stream is open."""
    workspace_id, board_id = board.workspace.id, board.id
    db = app_state(request).db

    async def still_allowed() -> bool:
        try:
            # Authenticated again each time (not the principal the request state keeps).
            principal = await authenticate_request(request)
            async with db.transaction(write=False) as session:
                await resolve(session, principal, workspace_id, board_id)
        except ApiError:
            return False
        return True

    return still_allowed


def _changes_access(obj: object, *, deleted: bool) -> bool:
    if isinstance(obj, _ANY_CHANGE) or deleted:
        return True
    columns = _SOME_COLUMNS.get(type(obj), ())
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in columns)


@event.listens_for(Session, "before_flush")
def _flag_access_rows(session: Session, _context: Any, _instances: Any) -> None:
    # before_flush: the attribute history that says which columns changed is still there.
    changed = chain(
        ((o, False) for o in chain(session.new, session.dirty) if isinstance(o, _WATCHED)),
        ((o, True) for o in session.deleted if isinstance(o, _WATCHED)),
    )
    if any(_changes_access(obj, deleted=deleted) for obj, deleted in changed):
        commits.flag(session, commits.ACCESS)


@event.listens_for(Session, "do_orm_execute")
def _flag_bulk_access(state: ORMExecuteState) -> None:
    # Bulk UPDATE/DELETE statements (e.g. replacing a board's user list) bypass the flush.
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and issubclass(mapper.class_, _WATCHED):
        commits.flag(state.session, commits.ACCESS)
