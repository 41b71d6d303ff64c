# Generated from _async/items.py by scripts/unasync.py: edit that file, then run the script.
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from infinity_client._sync._core import Core
from infinity_client._sync._pagination import Pager
from infinity_client._sync.attributes import Attributes
from infinity_client._base import Params, body, path_id, query
from infinity_client._refs import BoardRef, BoardScope, ItemRef, WorkspaceRef, board_scope, item_scope
from infinity_client._schema import ValuesIn, raw_values
from infinity_client.models import Deleted, Folder, Item, Page, Value, ValueWrite

ItemExpand = Literal["values", "values.attribute", "created_by", "folder"]
ItemSort = Literal["id", "created_at", "sort_order"]
Direction = Literal["asc", "desc"]
# Values by attribute name or id (`{"Status": ["Done"]}`, label names allowed), or the API's list.
ValuesArg = ValuesIn | Sequence[ValueWrite]


class Items:
    """Items of a board. With `expand=["values"]` each item's `values` reads by attribute name
    (`item.values["Status"]`): the client attaches the board's attributes, fetched once."""

    def __init__(self, core: Core, attributes: Attributes) -> None:
        self._core = core
        self._attributes = attributes

    def _context(self, scope: BoardScope) -> dict[str, Any]:
        return {"workspace_id": scope.workspace, "board_id": scope.board}

    def _decorate(
        self, scope: BoardScope, items: list[Item], expand: Sequence[str] | None
    ) -> list[Item]:
        if expand and "values" in expand and "values.attribute" not in expand:
            schema = self._attributes.schema(scope.board, workspace=scope.workspace)
            for item in items:
                schema.decorate(item)
        return items

    def _values(self, scope: BoardScope, values: ValuesArg | None) -> list[dict[str, Any]] | None:
        if values is None:
            return None
        if isinstance(values, Mapping):
            schema = self._attributes.schema(scope.board, workspace=scope.workspace)
            return schema.encode(values)
        return raw_values(values)

    def list(
        self,
        board: BoardRef,
        *,
        folder: Folder | str | None = None,
        q: str | None = None,
        parent_id: str | None = None,
        filter: str | None = None,
        expand: Sequence[ItemExpand] | None = None,
        limit: int | None = None,
        sort_by: ItemSort | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Pager[Item]:
        """Every item of the board (or of `folder`), page by page. `filter` is a JSON condition
        in the views' filter grammar; `parent_id="null"` lists top-level items only."""
        scope = board_scope(board, workspace, self._core.workspace)
        params = query(
            {
                "q": q,
                "folder_id": path_id(folder) if folder is not None else None,
                "parent_id": parent_id,
                "filter": filter,
                "limit": limit,
                "sort_by": sort_by,
                "sort_direction": sort_direction,
            },
            expand=expand,
        )

        def load(page_params: Params) -> Page[Item]:
            page = self._core.page(Item, scope.path + "/items", page_params, self._context(scope))
            self._decorate(scope, page.data, expand)
            return page

        return Pager(load, params)

    def list_in_folder(
        self,
        board: BoardRef,
        folder: Folder | str,
        *,
        q: str | None = None,
        parent_id: str | None = None,
        filter: str | None = None,
        expand: Sequence[ItemExpand] | None = None,
        limit: int | None = None,
        sort_by: ItemSort | None = None,
        sort_direction: Direction | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Pager[Item]:
        """The items of one folder (the folder route; `list(board, folder=...)` is equivalent)."""
        scope = board_scope(board, workspace, self._core.workspace)
        params = query(
            {"q": q, "parent_id": parent_id, "filter": filter, "limit": limit, "sort_by": sort_by,
             "sort_direction": sort_direction},
            expand=expand,
        )  # fmt: skip
        path = f"{scope.path}/folders/{path_id(folder)}/items"

        def load(page_params: Params) -> Page[Item]:
            page = self._core.page(Item, path, page_params, self._context(scope))
            self._decorate(scope, page.data, expand)
            return page

        return Pager(load, params)

    def get(
        self,
        board: BoardRef,
        item_id: str,
        *,
        expand: Sequence[ItemExpand] | None = ("values",),
        workspace: WorkspaceRef | None = None,
    ) -> Item:
        scope = board_scope(board, workspace, self._core.workspace)
        item = self._core.call(
            Item,
            "GET",
            f"{scope.path}/items/{item_id}",
            params=query(expand=expand),
            context=self._context(scope),
        )
        return (self._decorate(scope, [item], expand))[0]

    def create(
        self,
        board: BoardRef,
        *,
        folder: Folder | str,
        values: ValuesArg | None = None,
        parent_id: str | None = None,
        sort_order: float | None = None,
        id: str | None = None,
        expand: Sequence[ItemExpand] | None = ("values",),
        workspace: WorkspaceRef | None = None,
    ) -> Item:
        """A new item in `folder`; `values` by attribute name (`{"Name": "Ship it"}`) or the
        API's list. Returned with its values unless `expand=()`."""
        scope = board_scope(board, workspace, self._core.workspace)
        data = body(
            id=id,
            folder_id=path_id(folder),
            parent_id=parent_id,
            sort_order=sort_order,
            values=self._values(scope, values),
        )
        item = self._core.call(
            Item,
            "POST",
            scope.path + "/items",
            json=data,
            params=query(expand=expand),
            context=self._context(scope),
        )
        return (self._decorate(scope, [item], expand))[0]

    def update(
        self,
        item: ItemRef,
        *,
        board: BoardRef | None = None,
        values: ValuesArg | None = None,
        folder: Folder | str | None = None,
        parent_id: str | None = None,
        sort_order: float | None = None,
        expand: Sequence[ItemExpand] | None = ("values",),
        workspace: WorkspaceRef | None = None,
    ) -> Item:
        """Change what is given: values named here are set, the others kept."""
        scope, item_id = item_scope(item, board, workspace, self._core.workspace)
        data = body(
            folder_id=path_id(folder) if folder is not None else None,
            parent_id=parent_id,
            sort_order=sort_order,
            values=self._values(scope, values),
        )
        updated = self._core.call(
            Item, "PUT", f"{scope.path}/items/{item_id}", json=data, params=query(expand=expand),
            context=self._context(scope),
        )  # fmt: skip
        return (self._decorate(scope, [updated], expand))[0]

    def delete(
        self, item: ItemRef, *, board: BoardRef | None = None, workspace: WorkspaceRef | None = None
    ) -> Deleted:
        scope, item_id = item_scope(item, board, workspace, self._core.workspace)
        return self._core.call(Deleted, "DELETE", f"{scope.path}/items/{item_id}")

    def delete_value(
        self,
        item: ItemRef,
        value: Value | str,
        *,
        board: BoardRef | None = None,
        workspace: WorkspaceRef | None = None,
    ) -> Deleted:
        scope, item_id = item_scope(item, board, workspace, self._core.workspace)
        return self._core.call(
            Deleted, "DELETE", f"{scope.path}/items/{item_id}/values/{path_id(value)}"
        )
