from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from infinity_client._async._core import AsyncCore
from infinity_client._async._pagination import AsyncPager
from infinity_client._base import body, path_id, query
from infinity_client._refs import BoardRef, WorkspaceRef, board_scope, workspace_id
from infinity_client.models import Board, Deleted, Folder

SortBy = Literal["id", "created_at"]
Direction = Literal["asc", "desc"]


class AsyncBoards:
    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def _path(self, workspace: WorkspaceRef | None) -> tuple[str, dict[str, Any]]:
        ws = workspace_id(workspace, self._core.workspace)
        return f"/api/v2/workspaces/{ws}/boards", {"workspace_id": ws}

    def list(
        self,
        *,
        workspace: WorkspaceRef | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> AsyncPager[Board]:
        path, context = self._path(workspace)
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction})
        return self._core.pager(Board, path, params, context)

    async def get(self, board: BoardRef, *, workspace: WorkspaceRef | None = None) -> Board:
        scope = board_scope(board, workspace, self._core.workspace)
        return await self._core.call(Board, "GET", scope.path, context={"workspace_id": scope.workspace})

    async def create(
        self,
        *,
        name: str,
        description: str | None = None,
        color: str | None = None,
        user_ids: Sequence[int] | None = None,
        sort_order: float | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Board:
        path, context = self._path(workspace)
        data = body(name=name, description=description, color=color, user_ids=user_ids, sort_order=sort_order)
        return await self._core.call(Board, "POST", path, json=data, context=context)

    async def update(
        self,
        board: BoardRef,
        *,
        name: str | None = None,
        description: str | None = None,
        color: str | None = None,
        user_ids: Sequence[int] | None = None,
        sort_order: float | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Board:
        scope = board_scope(board, workspace, self._core.workspace)
        data = body(name=name, description=description, color=color, user_ids=user_ids, sort_order=sort_order)
        return await self._core.call(
            Board, "PUT", scope.path, json=data, context={"workspace_id": scope.workspace}
        )

    async def delete(self, board: BoardRef, *, workspace: WorkspaceRef | None = None) -> Deleted:
        return await self._core.call(
            Deleted, "DELETE", board_scope(board, workspace, self._core.workspace).path
        )


class AsyncFolders:
    def __init__(self, core: AsyncCore) -> None:
        self._core = core

    def _path(self, board: BoardRef, workspace: WorkspaceRef | None) -> str:
        return board_scope(board, workspace, self._core.workspace).path + "/folders"

    def list(
        self,
        board: BoardRef,
        *,
        workspace: WorkspaceRef | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> AsyncPager[Folder]:
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction})
        return self._core.pager(Folder, self._path(board, workspace), params)

    async def get(
        self, board: BoardRef, folder: Folder | str, *, workspace: WorkspaceRef | None = None
    ) -> Folder:
        return await self._core.call(Folder, "GET", f"{self._path(board, workspace)}/{path_id(folder)}")

    async def create(
        self,
        board: BoardRef,
        *,
        name: str,
        color: str | None = None,
        parent_id: str | None = None,
        attribute_ids: Sequence[str] | None = None,
        settings: dict[str, Any] | None = None,
        sort_order: float | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Folder:
        data = body(
            name=name, color=color, parent_id=parent_id, attribute_ids=attribute_ids, settings=settings,
            sort_order=sort_order,
        )  # fmt: skip
        return await self._core.call(Folder, "POST", self._path(board, workspace), json=data)

    async def update(
        self,
        board: BoardRef,
        folder: Folder | str,
        *,
        name: str | None = None,
        color: str | None = None,
        parent_id: str | None = None,
        attribute_ids: Sequence[str] | None = None,
        settings: dict[str, Any] | None = None,
        sort_order: float | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Folder:
        data = body(
            name=name, color=color, parent_id=parent_id, attribute_ids=attribute_ids, settings=settings,
            sort_order=sort_order,
        )  # fmt: skip
        return await self._core.call(
            Folder, "PUT", f"{self._path(board, workspace)}/{path_id(folder)}", json=data
        )

    async def delete(
        self, board: BoardRef, folder: Folder | str, *, workspace: WorkspaceRef | None = None
    ) -> Deleted:
        return await self._core.call(Deleted, "DELETE", f"{self._path(board, workspace)}/{path_id(folder)}")
