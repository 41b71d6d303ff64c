"""Items as the items endpoint presents them, for view queries and comments' `expand[]`: one
place (items/present.py) decides what an item looks like."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openinfinity.items.models import Item
from openinfinity.items.present import EXPAND_OPTIONS
from openinfinity.items.present import present_items as present_item_objects
from openinfinity.items.schemas import format_sort_order
from openinfinity.workspaces.service import WorkspaceContext

__all__ = ["EXPAND_OPTIONS", "decimal_string", "present_items"]


def decimal_string(value: float) -> str:
    """`65536.0` -> `"65536.000000000000000000000000000000"`, the hosted API's sort_order form."""
    return format_sort_order(value)


async def present_items(
    session: AsyncSession,
    items: list[Item],
    expand: frozenset[str],
    *,
    board_id: str,
    base_url: str,
    viewer: WorkspaceContext,
) -> list[dict[str, Any]]:
    return await present_item_objects(
        session, items, expand, board_id=board_id, base_url=base_url, viewer=viewer
    )
