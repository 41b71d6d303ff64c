"""The request context of every route below a board, resolved once by one dependency.

`board_request(family)` does in one dependency what used to be a chain of four that FastAPI
solved one by one (a `scope_guard` on the router, `SessionDep`, the principal and a
`CurrentBoard`): authentication (token to principal, cached), the scope check, the request's
session, then workspace membership and board visibility in one query (`boards.access.resolve`),
handed to the handler as one `BoardRequest` (`ctx.session`, `ctx.board`, `ctx.request`,
`ctx.state`). Every route below `/workspaces/{workspace}/boards/{board_id}` takes it: the
board itself, items, CSV, history, folders, attributes, views, comments, references, the change
feed and time tracking (`ContentBoard`, the "content" scope rule), and hooks (their own family).
A dependency of such a route that needs the board (comments/deps.CommentItem) takes the same
`ContentBoard`, which FastAPI solves once per request.

The answers and their order are those of the chain it replaced: 401 (no or bad credential),
403 (scope), 422 (a path id too long), 404 (workspace, then board). The path ids are declared
for the OpenAPI document with their length limits, but checked here, after authentication, as
the router guard used to run before them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.exceptions import RequestValidationError
from pydantic import StringConstraints, TypeAdapter, ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.appstate import AppState, app_state
from openinfinity.auth.deps import check_scope, current_principal
from openinfinity.auth.principal import Principal
from openinfinity.auth.scopes import Family
from openinfinity.boards.access import BoardContext, resolve
from openinfinity.core.bounds import parse_db_id
from openinfinity.core.db import request_session
from openinfinity.core.errors import NotFound

WORKSPACE_MAX = 32
BOARD_MAX = 64


@dataclass(frozen=True, slots=True)
class BoardRequest:
    """What a handler below a board works with: who asks, in which transaction, on which board
    (inside its workspace context), and the application's runtimes."""

    request: Request
    session: AsyncSession
    principal: Principal
    board: BoardContext
    state: AppState


# Documented like `Path(max_length=...)`, but not checked by FastAPI (that would come before 401).
_WORKSPACE_LIMIT: dict[str, Any] = {"maxLength": WORKSPACE_MAX}
_BOARD_LIMIT: dict[str, Any] = {"maxLength": BOARD_MAX}
# Validated by hand (see the module docstring) with the same rules and messages as FastAPI's.
_WORKSPACE_ID = TypeAdapter(Annotated[str, StringConstraints(max_length=WORKSPACE_MAX)])
_BOARD_ID = TypeAdapter(Annotated[str, StringConstraints(max_length=BOARD_MAX)])


def _check_path_ids(workspace: str, board_id: str) -> None:
    errors: list[Any] = []
    for name, value, adapter in (("workspace", workspace, _WORKSPACE_ID), ("board_id", board_id, _BOARD_ID)):
        try:
            adapter.validate_python(value)
        except ValidationError as exc:
            errors.extend({**e, "loc": ("path", name)} for e in exc.errors(include_url=False))
    if errors:
        raise RequestValidationError(errors)


def board_request(family: Family) -> Callable[..., AsyncIterator[BoardRequest]]:
    """The one dependency of a route below a board whose scope rule is `family`."""

    async def dependency(
        request: Request,
        workspace: Annotated[
            str, Path(description="Workspace ID", json_schema_extra={"maxLength": WORKSPACE_MAX})
        ],
        board_id: Annotated[str, Path(description="Board ID", json_schema_extra={"maxLength": BOARD_MAX})],
    ) -> AsyncIterator[BoardRequest]:
        principal = await current_principal(request)
        check_scope(principal, family, request.method)
        if len(workspace) > WORKSPACE_MAX or len(board_id) > BOARD_MAX:
            _check_path_ids(workspace, board_id)
        workspace_id = parse_db_id(workspace)
        if workspace_id is None:
            raise NotFound.of("Workspace")
        async with request_session(request) as session:
            board = await resolve(session, principal, workspace_id, board_id)
            yield BoardRequest(request, session, principal, board, app_state(request))

    dependency.scope_family = family  # type: ignore[attr-defined]  # read by the route-table tests
    dependency.authenticates = True  # type: ignore[attr-defined]  # read by openapi/security
    return dependency


# Routes below a board under the "content" scope rule. `scope="function"`: the session's
# transaction ends (commit) before the response is sent, as with SessionDep.
ContentBoard = Annotated[BoardRequest, Depends(board_request("content"), scope="function")]
