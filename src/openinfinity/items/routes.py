from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from starlette.responses import Response

from openinfinity.boards.deps import BoardRequest, ContentBoard
from openinfinity.core import multiaction
from openinfinity.core.expand import expand_param
from openinfinity.core.pagination import OrderedPagination
from openinfinity.core.responses import ApiJSONResponse
from openinfinity.core.schemas import DeletedRead, page_of, present_deleted
from openinfinity.items import batch, service, upsert
from openinfinity.items.batch_schemas import BatchRead, BatchValueWrite, BatchWrite
from openinfinity.items.present import EXPAND_OPTIONS, VALUE_PARTS, Presenting, present_items
from openinfinity.items.schemas import ItemLike, ItemRead, ItemWrite

# Every route takes `ContentBoard`, the one dependency that authenticates, checks the "content"
# scope and resolves the board (boards/deps.py), instead of a router guard plus a chain.
router = APIRouter(prefix="/api/v2/workspaces/{workspace}/boards/{board_id}", tags=["Items"])

ItemId = Annotated[str, Path(description="The ID of the item.", max_length=64)]
ValueId = Annotated[str, Path(description="The ID of the value.", max_length=64)]
FolderId = Annotated[str, Path(description="The ID of the folder.", max_length=64)]


Expand = Annotated[frozenset[str], Depends(expand_param(*EXPAND_OPTIONS))]
Q = Annotated[
    str | None,
    Query(
        max_length=500,
        description="Search items by keyword, across every attribute type (text values first).",
    ),
]
FolderFilter = Annotated[str | None, Query(max_length=64, description="Filter items by folder id.")]
Filter = Annotated[
    str | None,
    Query(
        max_length=20_000,
        description="JSON conditions in the views' filter grammar, e.g. "
        '`{"combinator":"AND","conditions":[{"attributeId":"…","operator":"gt","value":3}]}` '
        "(see Views: create view).",
    ),
]
ParentFilter = Annotated[
    str | None, Query(max_length=64, description="Filter by parent item id; `null` for top-level items.")
]


def _presenting(ctx: BoardRequest) -> Presenting:
    return Presenting.for_request(ctx.request, ctx.board)


async def _page(
    ctx: BoardRequest, page: OrderedPagination, expand: Expand, filters: service.ListFilters
) -> Response:
    result = await service.list_items(ctx.session, ctx.board, page, filters)
    data = await present_items(ctx.session, result.rows, expand, _presenting(ctx))
    return ApiJSONResponse(result.envelope(data))


@router.get("/items", summary="List items", responses={200: {"model": page_of(ItemRead)}})
async def list_items(
    ctx: ContentBoard,
    page: OrderedPagination,
    expand: Expand,
    q: Q = None,
    folder_id: FolderFilter = None,
    parent_id: ParentFilter = None,
    filter: Filter = None,
) -> Response:
    filters = service.ListFilters(
        folder_id=folder_id or None, parent_id=parent_id or None, q=q, filter=filter or None
    )
    return await _page(ctx, page, expand, filters)


@router.get(
    "/folders/{folder_id}/items",
    summary="List the items of a folder",
    responses={200: {"model": page_of(ItemRead)}},
)
async def list_folder_items(
    ctx: ContentBoard,
    folder_id: FolderId,
    page: OrderedPagination,
    expand: Expand,
    q: Q = None,
    parent_id: ParentFilter = None,
    filter: Filter = None,
) -> Response:
    await service.require_folder(ctx.session, ctx.board, folder_id)
    filters = service.ListFilters(
        folder_id=folder_id, parent_id=parent_id or None, q=q, filter=filter or None
    )
    return await _page(ctx, page, expand, filters)


async def _one(ctx: BoardRequest, item: ItemLike, expand: frozenset[str]) -> dict[str, Any]:
    [data] = await present_items(ctx.session, [item], expand, _presenting(ctx))
    return data


@router.post(
    "/items",
    status_code=201,
    summary="Create item (or update / delete it when `id` names an existing item)",
    description=multiaction.RULE,
    # 200 is an update, or (with `deleted_at`) a deletion answered like DELETE.
    responses={201: {"model": ItemRead}, 200: {"model": ItemRead | DeletedRead}},
)
async def create_item(ctx: ContentBoard, body: ItemWrite, expand: Expand) -> Response:
    result = await service.save_item(ctx.session, ctx.board, body)
    if result.deleted:
        return ApiJSONResponse(present_deleted(result.record.id, "item"))
    data = await _one(ctx, result.record, expand)
    return ApiJSONResponse(data, status_code=201 if result.created else 200)


MatchAttribute = Annotated[
    str,
    Query(
        max_length=64,
        description="The id of a text, number, email or phone attribute whose value identifies the item.",
    ),
]


@router.put(
    "/items",
    status_code=201,
    summary="Upsert item: update the item whose `match` attribute has the given value, or create it",
    responses={201: {"model": ItemRead}, 200: {"model": ItemRead}},
)
async def upsert_item(ctx: ContentBoard, match: MatchAttribute, body: ItemWrite, expand: Expand) -> Response:
    result = await upsert.upsert_item(ctx.session, ctx.board, match, body)
    data = await _one(ctx, result.item, expand)
    return ApiJSONResponse(data, status_code=201 if result.created else 200)


async def _batch_answer(ctx: BoardRequest, outcomes: list[batch.Outcome], expand: Expand) -> Response:
    live = [o.item for o in outcomes if o.item.deleted_at is None]
    presented = await present_items(ctx.session, live, expand, _presenting(ctx))
    by_id = {data["id"]: data for data in presented}
    results = [
        {
            "index": o.index,
            "action": o.action,
            "status": o.status,
            "item": present_deleted(o.item.id, "item") if o.item.deleted_at is not None else by_id[o.item.id],
        }
        for o in outcomes
    ]
    return ApiJSONResponse({"object": "batch", "results": results})


@router.post(
    "/items/batch",
    summary="Batch write: up to 100 creates, updates, deletes and upserts, all or nothing",
    responses={200: {"model": BatchRead}},
)
async def run_item_batch(ctx: ContentBoard, body: BatchWrite, expand: Expand) -> Response:
    outcomes = await batch.run_batch(ctx.session, ctx.board, body.operations)
    return await _batch_answer(ctx, outcomes, expand)


@router.post(
    "/items/batch/values",
    summary="Batch value update: set one attribute's value on up to 100 items, all or nothing",
    responses={200: {"model": BatchRead}},
)
async def set_item_values(ctx: ContentBoard, body: BatchValueWrite, expand: Expand) -> Response:
    outcomes = await batch.set_values(ctx.session, ctx.board, body)
    return await _batch_answer(ctx, outcomes, expand)


@router.get("/items/{item_id}", summary="Get item", responses={200: {"model": ItemRead}})
async def get_item(ctx: ContentBoard, item_id: ItemId, expand: Expand) -> Response:
    if not expand & VALUE_PARTS:
        item = await service.read_item(ctx.session, ctx.board, item_id)
        return ApiJSONResponse(await _one(ctx, item, expand))
    item, values = await service.read_item_with_values(ctx.session, ctx.board, item_id)
    [data] = await present_items(ctx.session, [item], expand, _presenting(ctx), stored={item.id: values})
    return ApiJSONResponse(data)


# With `deleted_at` set, an update deletes the item and answers like DELETE.
@router.put("/items/{item_id}", summary="Update item", responses={200: {"model": ItemRead | DeletedRead}})
@router.patch(
    "/items/{item_id}", summary="Update item (partial)", responses={200: {"model": ItemRead | DeletedRead}}
)
async def update_item(ctx: ContentBoard, item_id: ItemId, body: ItemWrite, expand: Expand) -> Response:
    if multiaction.deletes(body.deleted_at):
        await service.delete_item(ctx.session, ctx.board, item_id)
        return ApiJSONResponse(present_deleted(item_id, "item"))
    item = await service.update_item(ctx.session, ctx.board, item_id, body)
    return ApiJSONResponse(await _one(ctx, item, expand))


@router.delete("/items/{item_id}", summary="Delete item", responses={200: {"model": DeletedRead}})
async def delete_item(ctx: ContentBoard, item_id: ItemId) -> Response:
    item = await service.delete_item(ctx.session, ctx.board, item_id)
    return ApiJSONResponse(present_deleted(item.id, "item"))


@router.delete(
    "/items/{item_id}/values/{value_id}", summary="Delete value", responses={200: {"model": DeletedRead}}
)
async def delete_value(ctx: ContentBoard, item_id: ItemId, value_id: ValueId) -> Response:
    deleted = await service.delete_value(ctx.session, ctx.board, item_id, value_id)
    return ApiJSONResponse(present_deleted(deleted, "value"))
