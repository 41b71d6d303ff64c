# Generated from _async/comments.py by scripts/unasync.py: edit that file, then run the script.
from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from infinity_client._sync._core import Core
from infinity_client._sync._pagination import Pager
from infinity_client._base import path_id, query
from infinity_client._refs import BoardRef, ItemRef, WorkspaceRef, board_scope, item_scope, workspace_id
from infinity_client.models import Attribute, Comment, Deleted, Reference

SortBy = Literal["id", "created_at"]
Direction = Literal["asc", "desc"]
CommentExpand = Literal["created_by", "item", "item.values"]


class Comments:
    def __init__(self, core: Core) -> None:
        self._core = core

    def _path(self, item: ItemRef, board: BoardRef | None, workspace: WorkspaceRef | None) -> str:
        scope, item_id = item_scope(item, board, workspace, self._core.workspace)
        return f"{scope.path}/items/{item_id}/comments"

    def list(
        self,
        item: ItemRef,
        *,
        board: BoardRef | None = None,
        expand: Sequence[CommentExpand] | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Pager[Comment]:
        params = query({"limit": limit, "sort_by": sort_by, "sort_direction": sort_direction}, expand=expand)
        return self._core.pager(Comment, self._path(item, board, workspace), params)

    def get(
        self,
        item: ItemRef,
        comment: Comment | str,
        *,
        board: BoardRef | None = None,
        expand: Sequence[CommentExpand] | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Comment:
        path = f"{self._path(item, board, workspace)}/{path_id(comment)}"
        return self._core.call(Comment, "GET", path, params=query(expand=expand))

    def create(
        self,
        item: ItemRef,
        *,
        text: str,
        parent_id: str | None = None,
        board: BoardRef | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Comment:
        """A comment (HTML, sanitised by the server); `parent_id` makes it a reply."""
        data: dict[str, Any] = {"text": text}
        if parent_id is not None:
            data["parent_id"] = parent_id
        return self._core.call(Comment, "POST", self._path(item, board, workspace), json=data)

    def update(
        self,
        item: ItemRef,
        comment: Comment | str,
        *,
        text: str,
        board: BoardRef | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Comment:
        path = f"{self._path(item, board, workspace)}/{path_id(comment)}"
        return self._core.call(Comment, "PUT", path, json={"text": text})

    def delete(
        self, item: ItemRef, comment: Comment | str, *, board: BoardRef | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Deleted:  # fmt: skip
        return self._core.call(
            Deleted, "DELETE", f"{self._path(item, board, workspace)}/{path_id(comment)}"
        )


class References:
    """Links between items through a `reference` attribute (its values are written here only)."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def _path(self, board: BoardRef, workspace: WorkspaceRef | None) -> str:
        return board_scope(board, workspace, self._core.workspace).path + "/references"

    def list(
        self,
        board: BoardRef,
        *,
        from_item_id: str | None = None,
        to_item_id: str | None = None,
        attribute: Attribute | str | None = None,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Pager[Reference]:
        params = query(
            {"from_item_id": from_item_id, "to_item_id": to_item_id,
             "attribute_id": path_id(attribute) if attribute is not None else None,
             "limit": limit, "sort_by": sort_by, "sort_direction": sort_direction}
        )  # fmt: skip
        return self._core.pager(Reference, self._path(board, workspace), params)

    def list_for_item(
        self,
        item_id: str,
        *,
        limit: int | None = None,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Pager[Reference]:
        """Every reference from or to the item, across the workspace's boards."""
        path = f"/api/v2/workspaces/{workspace_id(workspace, self._core.workspace)}/references"
        params = query(
            {"item_id": item_id, "limit": limit, "sort_by": sort_by, "sort_direction": sort_direction}
        )
        return self._core.pager(Reference, path, params)

    def get(
        self, board: BoardRef, reference: Reference | str, *, workspace: WorkspaceRef | None = None
    ) -> Reference:
        return self._core.call(Reference, "GET", f"{self._path(board, workspace)}/{path_id(reference)}")

    def create(
        self,
        board: BoardRef,
        *,
        attribute: Attribute | str,
        from_item_id: str,
        to_item_id: str,
        workspace: WorkspaceRef | None = None,
    ) -> Reference:
        data = {"attribute_id": path_id(attribute), "from_item_id": from_item_id, "to_item_id": to_item_id}
        return self._core.call(Reference, "POST", self._path(board, workspace), json=data)

    def delete(
        self, board: BoardRef, reference: Reference | str, *, workspace: WorkspaceRef | None = None
    ) -> Deleted:
        return self._core.call(
            Deleted, "DELETE", f"{self._path(board, workspace)}/{path_id(reference)}"
        )
