from __future__ import annotations

from typing import Any, Literal

from infinity_client._async._core import AsyncCore
from infinity_client._async._pagination import AsyncPager
from infinity_client._base import body, path_id, query
from infinity_client._refs import BoardRef, BoardScope, WorkspaceRef, board_scope
from infinity_client._schema import BoardSchema
from infinity_client.models import Attribute, AttributeKind, Deleted

SortBy = Literal["id", "created_at"]
Direction = Literal["asc", "desc"]


class AsyncAttributes:
    """A board's attributes (its columns). `schema(board)` caches them for values by name."""

    def __init__(self, core: AsyncCore) -> None:
        self._core = core
        self._schemas: dict[BoardScope, BoardSchema] = {}

    def _scope(self, board: BoardRef, workspace: WorkspaceRef | None) -> BoardScope:
        return board_scope(board, workspace, self._core.workspace)

    def list(
        self,
        board: BoardRef,
        *,
        workspace: WorkspaceRef | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
    ) -> AsyncPager[Attribute]:
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction})
        return self._core.pager(Attribute, self._scope(board, workspace).path + "/attributes", params)

    async def get(
        self, board: BoardRef, attribute: Attribute | str, *, workspace: WorkspaceRef | None = None
    ) -> Attribute:
        path = f"{self._scope(board, workspace).path}/attributes/{path_id(attribute)}"
        return await self._core.call(Attribute, "GET", path)

    async def create(
        self,
        board: BoardRef,
        *,
        name: str,
        type: AttributeKind | str,
        settings: dict[str, Any] | None = None,
        default_data: Any = None,
        workspace: WorkspaceRef | None = None,
    ) -> Attribute:
        scope = self._scope(board, workspace)
        data = body(name=name, type=type, settings=settings, default_data=default_data)
        created = await self._core.call(Attribute, "POST", scope.path + "/attributes", json=data)
        self._schemas.pop(scope, None)
        return created

    async def update(
        self,
        board: BoardRef,
        attribute: Attribute | str,
        *,
        name: str | None = None,
        type: AttributeKind | str | None = None,
        settings: dict[str, Any] | None = None,
        default_data: Any = None,
        workspace: WorkspaceRef | None = None,
    ) -> Attribute:
        scope = self._scope(board, workspace)
        data = body(name=name, type=type, settings=settings, default_data=default_data)
        path = f"{scope.path}/attributes/{path_id(attribute)}"
        updated = await self._core.call(Attribute, "PUT", path, json=data)
        self._schemas.pop(scope, None)
        return updated

    async def delete(
        self, board: BoardRef, attribute: Attribute | str, *, workspace: WorkspaceRef | None = None
    ) -> Deleted:
        scope = self._scope(board, workspace)
        deleted = await self._core.call(Deleted, "DELETE", f"{scope.path}/attributes/{path_id(attribute)}")
        self._schemas.pop(scope, None)
        return deleted

    async def schema(
        self, board: BoardRef, *, workspace: WorkspaceRef | None = None, refresh: bool = False
    ) -> BoardSchema:
        """The board's attributes, fetched once per client (`refresh=True` fetches again; this
        client's own attribute writes refresh it by themselves)."""
        scope = self._scope(board, workspace)
        if refresh or scope not in self._schemas:
            listed = self.list(scope.board, workspace=scope.workspace, limit=100)
            self._schemas[scope] = BoardSchema([a async for a in listed])
        return self._schemas[scope]
