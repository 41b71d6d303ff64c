# Generated from _async/items.py by scripts/unasync.py: edit that file, then run the script.
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, Required, TypedDict

from infinity_client._sync._core import Core
from infinity_client._sync._pagination import Pager
from infinity_client._sync.attributes import Attributes
from infinity_client._base import Params, body, path_id, query
from infinity_client._refs import BoardRef, BoardScope, ItemRef, WorkspaceRef, board_scope, item_scope
from infinity_client._schema import ValuesIn, raw_values
from infinity_client.models import Attribute, BatchResult, Deleted, Folder, Item, Page, Value, ValueWrite

ItemExpand = Literal["values", "values.attribute", "created_by", "folder"]
ItemSort = Literal["id", "created_at", "sort_order"]
Direction = Literal["asc", "desc"]
# Values by attribute name or id (`{"Status": ["Done"]}`, label names allowed), or the API's list.
ValuesArg = ValuesIn | Sequence[ValueWrite]
BatchAction = Literal["create", "update", "delete", "upsert"]


class BatchOperation(TypedDict, total=False):
    """One operation of `items.batch`: the fields of the single request it stands for. `values`
    may be given by attribute name and `match` by attribute name, as everywhere in the client."""

    action: Required[BatchAction]
    id: str
    folder_id: str
    parent_id: str
    sort_order: float
    values: ValuesArg
    match: str


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

        return Pager(load, params, self._core.counter(scope.path + "/items"))

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

        return Pager(load, params, self._core.counter(path))

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

    def upsert(
        self,
        board: BoardRef,
        *,
        match: Attribute | str,
        values: ValuesArg,
        folder: Folder | str | None = None,
        parent_id: str | None = None,
        expand: Sequence[ItemExpand] | None = ("values",),
        workspace: WorkspaceRef | None = None,
    ) -> Item:
        """Create the item whose `match` value (a text, number, e-mail or phone attribute, by
        name or id) is in `values`, or update the one that has it (openinfinity's extension).
        `folder` is needed when it creates. 409 `items/ambiguous-match` when two items have it."""
        scope = board_scope(board, workspace, self._core.workspace)
        match_id = self._attribute_id(scope, match)
        data = body(
            folder_id=path_id(folder) if folder is not None else None,
            parent_id=parent_id,
            values=self._values(scope, values),
        )
        item = self._core.call(
            Item, "PUT", scope.path + "/items", json=data, params=query({"match": match_id}, expand=expand),
            context=self._context(scope),
        )  # fmt: skip
        return (self._decorate(scope, [item], expand))[0]

    def batch(
        self,
        board: BoardRef,
        operations: Sequence[BatchOperation],
        *,
        expand: Sequence[ItemExpand] | None = ("values",),
        workspace: WorkspaceRef | None = None,
    ) -> BatchResult:
        """Up to 100 creates, updates, deletes and upserts in one transaction: all or nothing
        (a `ValidationError` with code `items/batch-failed` lists every failing operation in
        `failures`). openinfinity's extension."""
        scope = board_scope(board, workspace, self._core.workspace)
        wire = []
        for operation in operations:
            entry: dict[str, Any] = {k: v for k, v in operation.items() if k not in ("values", "match")}
            if "values" in operation:
                entry["values"] = self._values(scope, operation["values"])
            if "match" in operation:
                entry["match"] = self._attribute_id(scope, operation["match"])
            wire.append(entry)
        return self._batch(scope, "/items/batch", {"operations": wire}, expand)

    def set_values(
        self,
        board: BoardRef,
        attribute: Attribute | str,
        data: Any,
        items: Sequence[Item | str],
        *,
        expand: Sequence[ItemExpand] | None = ("values",),
        workspace: WorkspaceRef | None = None,
    ) -> BatchResult:
        """Set one attribute (by name or id; label names allowed) to `data` on up to 100 items,
        all or nothing. openinfinity's extension."""
        scope = board_scope(board, workspace, self._core.workspace)
        if isinstance(attribute, str):
            schema = self._attributes.schema(scope.board, workspace=scope.workspace)
            encoded = schema.encode({attribute: data})[0]
        else:
            encoded = raw_values([{"attribute_id": attribute.id, "data": data}])[0]
        payload = {**encoded, "item_ids": [path_id(item) for item in items]}
        return self._batch(scope, "/items/batch/values", payload, expand)

    def _batch(
        self, scope: BoardScope, path: str, payload: dict[str, Any], expand: Sequence[ItemExpand] | None
    ) -> BatchResult:
        result = self._core.call(
            BatchResult, "POST", scope.path + path, json=payload, params=query(expand=expand)
        )
        for entry in result.results:
            entry.item.workspace_id, entry.item.board_id = scope.workspace, scope.board
        self._decorate(scope, result.items, expand)
        return result

    def _attribute_id(self, scope: BoardScope, attribute: Attribute | str) -> str:
        if isinstance(attribute, Attribute):
            return attribute.id
        schema = self._attributes.schema(scope.board, workspace=scope.workspace)
        return schema.attribute(attribute).id
