"""openinfinity's records: an item's history, a workspace's audit log, and time tracking."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from infinity_client._async._core import AsyncCore
from infinity_client._async._pagination import AsyncPager
from infinity_client._base import path_id, query
from infinity_client._refs import BoardRef, ItemRef, WorkspaceRef, board_scope, item_scope, workspace_id
from infinity_client.models import Attribute, AuditEntry, Deleted, ItemChange, TimeEntry

Direction = Literal["asc", "desc"]


def _ended_at(moment: datetime | str) -> str:
    """A datetime as the API takes it (ISO 8601; a naive one is UTC), or the string as given."""
    return moment.isoformat() if isinstance(moment, datetime) else moment


class AsyncHistory:
    """What changed and who changed it: an item's changes (values and fields, kept after the
    item is deleted) and the workspace's audit log (owner and admins)."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def item(
        self,
        item: ItemRef,
        *,
        board: BoardRef | None = None,
        attribute: Attribute | str | None = None,
        action: str | None = None,
        limit: int | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> AsyncPager[ItemChange]:
        """The item's changes, newest first (`sort_direction="asc"`: oldest first); `attribute`
        keeps one attribute's value changes, `action` one action (`value.updated`, ...)."""
        scope, item_id = item_scope(item, board, workspace, self._core.workspace)
        params = query(
            {"attribute_id": path_id(attribute) if attribute is not None else None, "action": action,
             "limit": limit, "sort_direction": sort_direction}
        )  # fmt: skip
        return self._core.pager(ItemChange, f"{scope.path}/items/{item_id}/history", params)

    def audit(
        self,
        *,
        action: str | None = None,
        limit: int | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> AsyncPager[AuditEntry]:
        """The workspace's audit log; `action` is one action (`member.role_changed`) or, ending
        with a dot, a kind of them (`member.`)."""
        path = f"/api/v2/workspaces/{workspace_id(workspace, self._core.workspace)}/audit"
        params = query({"action": action, "limit": limit, "sort_direction": sort_direction})
        return self._core.pager(AuditEntry, path, params)


class AsyncTimeTracking:
    """Time entries on `time_tracking` attributes: start one, end or edit it, delete it. The
    item's value is the total of its ended entries, in seconds."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def _path(self, board: BoardRef, workspace: WorkspaceRef | None) -> str:
        return board_scope(board, workspace, self._core.workspace).path + "/time-tracking"

    async def start(
        self,
        item: ItemRef,
        attribute: Attribute | str,
        *,
        description: str | None = None,
        board: BoardRef | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> TimeEntry:
        """Start tracking time on the item now (one running entry per user and item)."""
        scope, item_id = item_scope(item, board, workspace, self._core.workspace)
        data: dict[str, Any] = {"item_id": item_id, "attribute_id": path_id(attribute)}
        if description is not None:
            data["description"] = description
        return await self._core.call(TimeEntry, "POST", scope.path + "/time-tracking", json=data)

    async def get(
        self, board: BoardRef, entry: TimeEntry | str, *, workspace: WorkspaceRef | None = None
    ) -> TimeEntry:
        return await self._core.call(TimeEntry, "GET", f"{self._path(board, workspace)}/{path_id(entry)}")

    async def update(
        self,
        board: BoardRef,
        entry: TimeEntry | str,
        *,
        ended_at: datetime | str | None = None,
        description: str | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> TimeEntry:
        """End the entry (`ended_at`: a datetime, naive ones in UTC) and/or change its description."""
        data: dict[str, Any] = {}
        if ended_at is not None:
            data["ended_at"] = _ended_at(ended_at)
        if description is not None:
            data["description"] = description
        path = f"{self._path(board, workspace)}/{path_id(entry)}"
        return await self._core.call(TimeEntry, "PUT", path, json=data)

    async def delete(
        self, board: BoardRef, entry: TimeEntry | str, *, workspace: WorkspaceRef | None = None
    ) -> Deleted:
        return await self._core.call(Deleted, "DELETE", f"{self._path(board, workspace)}/{path_id(entry)}")
