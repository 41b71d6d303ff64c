# Generated from _async/workspaces.py by scripts/unasync.py: edit that file, then run the script.
from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from infinity_client._sync._core import Core
from infinity_client._sync._pagination import Pager
from infinity_client._base import path_id, query
from infinity_client._refs import WorkspaceRef, workspace_id
from infinity_client.models import AssignableRole, Member, User, Workspace

SortBy = Literal["id", "created_at"]
Direction = Literal["asc", "desc"]
MemberExpand = Literal["membership"]
InviteExpand = Literal["membership", "invitation"]


class Workspaces:
    def __init__(self, core: Core) -> None:
        self._core = core

    def list(
        self,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[Workspace]:
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction})
        return self._core.pager(Workspace, "/api/v2/workspaces", params)

    def get(self, workspace: WorkspaceRef | None = None) -> Workspace:
        ws = workspace_id(workspace, self._core.workspace)
        return self._core.call(Workspace, "GET", f"/api/v2/workspaces/{ws}")

    def create(self, *, name: str) -> Workspace:
        return self._core.call(Workspace, "POST", "/api/v2/workspaces", json={"name": name})

    def update(self, workspace: WorkspaceRef | None = None, *, name: str) -> Workspace:
        ws = workspace_id(workspace, self._core.workspace)
        return self._core.call(Workspace, "PUT", f"/api/v2/workspaces/{ws}", json={"name": name})


class Members:
    """People of a workspace: `list` (members), `users` (the users list of the reference),
    invitations and roles."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def _path(self, workspace: WorkspaceRef | None) -> str:
        return f"/api/v2/workspaces/{workspace_id(workspace, self._core.workspace)}"

    def list(
        self,
        *,
        workspace: WorkspaceRef | None = None,
        expand: Sequence[MemberExpand] | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[Member]:
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction}, expand=expand)
        return self._core.pager(Member, self._path(workspace) + "/members", params)

    def users(
        self,
        *,
        workspace: WorkspaceRef | None = None,
        expand: Sequence[MemberExpand] | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> Pager[Member]:
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction}, expand=expand)
        return self._core.pager(Member, self._path(workspace) + "/users", params)

    def invite(
        self,
        email: str,
        *,
        role: AssignableRole = "restricted-member",
        expand: Sequence[InviteExpand] | None = ("membership",),
        workspace: WorkspaceRef | None = None,
    ) -> Member:
        path = self._path(workspace) + "/members/invite"
        return self._core.call(
            Member, "POST", path, json={"email": email, "role": role}, params=query(expand=expand)
        )

    def set_role(
        self,
        user: User | int,
        role: AssignableRole,
        *,
        expand: Sequence[MemberExpand] | None = ("membership",),
        workspace: WorkspaceRef | None = None,
    ) -> Member:
        """Add an existing user as a member with `role`, or change a member's role."""
        path = f"{self._path(workspace)}/members/{path_id(user)}"
        return self._core.call(Member, "PUT", path, json={"role": role}, params=query(expand=expand))

    def remove(self, user: User | int, *, workspace: WorkspaceRef | None = None) -> Member:
        return self._core.call(Member, "DELETE", f"{self._path(workspace)}/members/{path_id(user)}")
