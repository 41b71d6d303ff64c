from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from infinity_client._async._core import AsyncCore
from infinity_client._async._pagination import AsyncPager
from infinity_client._async.attributes import AsyncAttributes
from infinity_client._async.items import ItemExpand
from infinity_client._base import Params, body, path_id, query
from infinity_client._refs import BoardRef, WorkspaceRef, board_scope
from infinity_client.models import Deleted, Folder, Item, Page, View, ViewKind

SortBy = Literal["id", "created_at"]
Direction = Literal["asc", "desc"]


class AsyncViews:
    """Saved views of a folder (list, table, columns, ...) and their items, filtered and sorted
    by the view's settings."""

    def __init__(self, core: AsyncCore, attributes: AsyncAttributes) -> None:
        self._core = core
        self._attributes = attributes

    def _path(self, board: BoardRef, workspace: WorkspaceRef | None) -> str:
        return board_scope(board, workspace, self._core.workspace).path + "/views"

    def list(
        self,
        board: BoardRef,
        *,
        folder: Folder | str | None = None,
        workspace: WorkspaceRef | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> AsyncPager[View]:
        params = query(
            {"folder_id": path_id(folder) if folder is not None else None, "limit": limit, "sort_by": sort_by,
             "sort_direction": sort_direction}
        )  # fmt: skip
        return self._core.pager(View, self._path(board, workspace), params)

    async def get(self, board: BoardRef, view: View | str, *, workspace: WorkspaceRef | None = None) -> View:
        return await self._core.call(View, "GET", f"{self._path(board, workspace)}/{path_id(view)}")

    async def create(
        self,
        board: BoardRef,
        *,
        folder: Folder | str,
        name: str,
        type: ViewKind | str = "list",
        settings: dict[str, Any] | None = None,
        sort_order: float | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> View:
        data = body(folder_id=path_id(folder), name=name, type=type, settings=settings, sort_order=sort_order)
        return await self._core.call(View, "POST", self._path(board, workspace), json=data)

    async def update(
        self,
        board: BoardRef,
        view: View | str,
        *,
        name: str | None = None,
        type: ViewKind | str | None = None,
        settings: dict[str, Any] | None = None,
        sort_order: float | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> View:
        """Change the fields given (PATCH)."""
        data = body(name=name, type=type, settings=settings, sort_order=sort_order)
        return await self._core.call(
            View, "PATCH", f"{self._path(board, workspace)}/{path_id(view)}", json=data
        )

    async def replace(
        self,
        board: BoardRef,
        view: View | str,
        *,
        name: str,
        type: ViewKind | str,
        settings: dict[str, Any] | None = None,
        sort_order: float | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> View:
        """Replace the view (PUT; `type` required, settings not given are reset)."""
        data = body(name=name, type=type, settings=settings, sort_order=sort_order)
        return await self._core.call(
            View, "PUT", f"{self._path(board, workspace)}/{path_id(view)}", json=data
        )

    async def delete(
        self, board: BoardRef, view: View | str, *, workspace: WorkspaceRef | None = None
    ) -> Deleted:
        return await self._core.call(Deleted, "DELETE", f"{self._path(board, workspace)}/{path_id(view)}")

    def items(
        self,
        board: BoardRef,
        view: View | str,
        *,
        q: str | None = None,
        expand: Sequence[ItemExpand] | None = None,
        limit: int | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> AsyncPager[Item]:
        """The view's items in its order (with `groupBy`, each item's extra `group_key`)."""
        scope = board_scope(board, workspace, self._core.workspace)
        path = f"{scope.path}/views/{path_id(view)}/items"
        context = {"workspace_id": scope.workspace, "board_id": scope.board}

        async def load(params: Params) -> Page[Item]:
            page = await self._core.page(Item, path, params, context)
            if expand and "values" in expand and "values.attribute" not in expand:
                schema = await self._attributes.schema(scope.board, workspace=scope.workspace)
                for item in page.data:
                    schema.decorate(item)
            return page

        return AsyncPager(load, query({"q": q, "limit": limit}, expand=expand), self._core.counter(path))
