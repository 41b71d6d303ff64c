from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from infinity_client._async._core import AsyncCore
from infinity_client._async._pagination import AsyncPager
from infinity_client._base import body, path_id, query
from infinity_client._refs import BoardRef, WorkspaceRef, board_scope
from infinity_client.models import Deleted, EventName, Hook, HookDelivery

SortBy = Literal["id", "created_at"]
Direction = Literal["asc", "desc"]
HookExpand = Literal["logs"]
# An event name, or `{"event": name, "data": ...}` as the API stores it.
EventsArg = Sequence[EventName | str | dict[str, Any]]


class AsyncHooks:
    """Webhooks of a board. Verify what they deliver with `infinity_client.verify_webhook`."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def _path(self, board: BoardRef, workspace: WorkspaceRef | None) -> str:
        return board_scope(board, workspace, self._core.workspace).path + "/hooks"

    def list(
        self,
        board: BoardRef,
        *,
        expand: Sequence[HookExpand] | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> AsyncPager[Hook]:
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction}, expand=expand)
        return self._core.pager(Hook, self._path(board, workspace), params)

    async def get(
        self,
        board: BoardRef,
        hook: Hook | str,
        *,
        expand: Sequence[HookExpand] | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Hook:
        path = f"{self._path(board, workspace)}/{path_id(hook)}"
        return await self._core.call(Hook, "GET", path, params=query(expand=expand))

    async def create(
        self, board: BoardRef, *, url: str, events: EventsArg, workspace: WorkspaceRef | None = None
    ) -> Hook:
        return await self._core.call(
            Hook, "POST", self._path(board, workspace), json={"url": url, "events": list(events)}
        )

    async def update(
        self,
        board: BoardRef,
        hook: Hook | str,
        *,
        url: str | None = None,
        events: EventsArg | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Hook:
        data = body(url=url, events=list(events) if events is not None else None)
        return await self._core.call(
            Hook, "PUT", f"{self._path(board, workspace)}/{path_id(hook)}", json=data
        )

    async def delete(
        self, board: BoardRef, hook: Hook | str, *, workspace: WorkspaceRef | None = None
    ) -> Deleted:
        return await self._core.call(Deleted, "DELETE", f"{self._path(board, workspace)}/{path_id(hook)}")

    def deliveries(
        self,
        board: BoardRef,
        hook: Hook | str,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> AsyncPager[HookDelivery]:
        """The hook's deliveries, each with every attempt (status, response, duration)."""
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction})
        return self._core.pager(
            HookDelivery, f"{self._path(board, workspace)}/{path_id(hook)}/deliveries", params
        )

    async def redeliver(
        self,
        board: BoardRef,
        hook: Hook | str,
        delivery: HookDelivery | str,
        *,
        workspace: WorkspaceRef | None = None,
    ) -> HookDelivery:
        path = f"{self._path(board, workspace)}/{path_id(hook)}/deliveries/{path_id(delivery)}/redeliver"
        return await self._core.call(HookDelivery, "POST", path)

    async def test(
        self, board: BoardRef, hook: Hook | str, *, workspace: WorkspaceRef | None = None
    ) -> HookDelivery:
        """Send a `hook.test` event to the hook's URL now."""
        return await self._core.call(
            HookDelivery, "POST", f"{self._path(board, workspace)}/{path_id(hook)}/test"
        )
