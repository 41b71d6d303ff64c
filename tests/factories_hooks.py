"""Test data for the hooks tests: boards as ORM rows (until the boards API is merged) and outbox
events recorded through `core.events.record`, as the items and comments services do."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from openinfinity.boards.models import Board, BoardUser
from openinfinity.core import events
from tests.factories import Account


async def board(
    app: FastAPI, owner: Account, *, name: str = "Roadmap", user_ids: tuple[int, ...] = ()
) -> str:
    async with app.state.db.transaction() as session:
        row = Board(workspace_id=owner.workspace_id, name=name, created_by=owner.user_id)
        session.add(row)
        await session.flush()
        for user_id in user_ids:
            session.add(BoardUser(board_id=row.id, user_id=user_id))
        return row.id


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
        row = await events.record(
            session,
            event,
            workspace_id=owner.workspace_id,
            board_id=board_id,
            payload=payload,
            item_id=item_id,
        )
        return row.id


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
