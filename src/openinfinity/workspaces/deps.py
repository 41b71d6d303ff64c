"""`CurrentWorkspace`: resolves the `{workspace}` path segment for every workspace route."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path

from openinfinity.auth.deps import CurrentPrincipal
from openinfinity.core.bounds import parse_db_id
from openinfinity.core.db import SessionDep
from openinfinity.core.errors import NotFound
from openinfinity.workspaces import service
from openinfinity.workspaces.service import WorkspaceContext


async def current_workspace(
    session: SessionDep,
    principal: CurrentPrincipal,
    workspace: Annotated[str, Path(description="Workspace ID", max_length=32)],
) -> WorkspaceContext:
    # Declared as a string so an id of the wrong kind is a 404 like any unknown id, not a 422.
    workspace_id = parse_db_id(workspace)
    if workspace_id is None:
        raise NotFound.of("Workspace")
    return await service.access(session, principal, workspace_id)


CurrentWorkspace = Annotated[WorkspaceContext, Depends(current_workspace)]
