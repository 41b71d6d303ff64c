"""Test data for the hooks tests: boards through the boards service, and outbox events recorded
through `core.events.record` as the items and comments services do (so delivery is tested apart
from any one producer; tests/hooks/test_items_e2e.py goes through the items API)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from sqlalchemy import func, select

from openinfinity.core import events
from tests import factories_boards
from tests.factories import Account


async def board(
    app: FastAPI, owner: Account, *, name: str = "Roadmap", user_ids: tuple[int, ...] = ()
) -> str:
    """A board made through the boards service; `user_ids` gives restricted members access."""
    created = await factories_boards.board(app, owner, name=name, user_ids=user_ids)
    return created.id


async def record(
    app: FastAPI,
    owner: Account,
    board_id: str,
    event: str,
    payload: dict[str, Any],
    *,
    item_id: str | None = None,
) -> int:
    """One committed event in its own transaction; returns its outbox id."""
    async with app.state.db.transaction() as session:
        events.record(
            session,
            event,
            workspace_id=owner.workspace_id,
            board_id=board_id,
            payload=payload,
            item_id=item_id,
        )
    async with app.state.db.transaction(write=False) as session:
        newest = await session.scalar(select(func.max(events.OutboxEvent.id)))
    assert newest is not None
    return int(newest)


def item_payload(item_id: str, board_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "object": "item",
        "folder_id": "fold3r1d000",
        "board_id": board_id,
        "values": [],
        "deleted": False,
        **extra,
    }


def value_payload(value_id: str, item_id: str, data: Any = "Test") -> dict[str, Any]:
    return {
        "id": value_id,
        "object": "value",
        "data": data,
        "attribute_id": "a4b26453-156c-432f-8e13-bc6908cdc2de",
        "item_id": item_id,
        "deleted": False,
    }
