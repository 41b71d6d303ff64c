"""Boards, folders, attributes, items and values for the comments/references/views tests, made
through the core data model's real services (boards, folders, attributes, items). One thing the
services do not offer is set directly, for tests only: an item's `created_at`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fastapi import FastAPI

from openinfinity.attributes import service as attributes_service
from openinfinity.auth.principal import Principal
from openinfinity.boards import service as boards_service
from openinfinity.boards.access import BoardContext, get_visible
from openinfinity.folders import service as folders_service
from openinfinity.items import service as items_service
from openinfinity.items.models import Item
from openinfinity.items.schemas import ItemWrite, ValueWrite
from openinfinity.workspaces import service as workspaces
from tests.factories import Account


@dataclass
class BoardSetup:
    account: Account
    board_id: str
    folder_id: str
    attributes: dict[str, str] = field(default_factory=dict)  # name -> id
    labels: dict[str, str] = field(default_factory=dict)  # label name -> id

    def path(self, rest: str = "") -> str:
        return self.account.ws(f"/boards/{self.board_id}{rest}")


async def _workspace(session: Any, user_id: int, workspace_id: int) -> workspaces.WorkspaceContext:
    principal = Principal(
        user_id=user_id, token_id=0, scopes=frozenset(), workspace_id=None, is_instance_admin=False
    )
    return await workspaces.access(session, principal, workspace_id)


async def _board(session: Any, setup: BoardSetup, user_id: int | None = None) -> BoardContext:
    ctx = await _workspace(session, user_id or setup.account.user_id, setup.account.workspace_id)
    return await get_visible(session, ctx, setup.board_id)


async def board(app: FastAPI, account: Account, *, user_ids: list[int] | None = None) -> BoardSetup:
    async with app.state.db.transaction() as session:
        ctx = await _workspace(session, account.user_id, account.workspace_id)
        row = await boards_service.create_board(
            session, ctx, name="Vacation Planning", user_ids=user_ids or []
        )
        folder_row = await folders_service.create_folder(
            session, BoardContext(board=row, workspace=ctx), name="Preparation"
        )
        return BoardSetup(account, row.id, folder_row.id)


async def folder(app: FastAPI, setup: BoardSetup, *, parent_id: str | None = None, name: str = "Sub") -> str:
    async with app.state.db.transaction() as session:
        row = await folders_service.create_folder(
            session, await _board(session, setup), name=name, parent_id=parent_id
        )
        return row.id


async def attribute(
    app: FastAPI, setup: BoardSetup, name: str, kind: str, settings: dict[str, Any] | None = None
) -> str:
    async with app.state.db.transaction() as session:
        row = await attributes_service.create_attribute(
            session, await _board(session, setup), name=name, type=kind, settings=settings
        )
        setup.attributes[name] = row.id
        for label in (settings or {}).get("labels", []):
            setup.labels[label["name"]] = label["id"]
        return row.id


async def item(
    app: FastAPI,
    setup: BoardSetup,
    values: dict[str, Any] | None = None,
    *,
    folder_id: str | None = None,
    created_by: int | None = None,
    sort_order: float | None = None,
    created_at: datetime | None = None,
) -> str:
    """An item with values given by attribute name, created by `created_by` (default: the owner)."""
    async with app.state.db.transaction() as session:
        board_ctx = await _board(session, setup, created_by)
        typed = [
            ValueWrite(attribute_id=setup.attributes[name], data=data)
            for name, data in (values or {}).items()
        ]
        body = ItemWrite(folder_id=folder_id or setup.folder_id, values=typed, sort_order=sort_order)
        row = await items_service.create_item(session, board_ctx, body)
        if created_at is not None:
            row.created_at = created_at
        await session.flush()
        return row.id


async def delete_item(app: FastAPI, setup: BoardSetup, item_id: str) -> None:
    """Delete an item through the items service (which drops its references)."""
    async with app.state.db.transaction() as session:
        await items_service.delete_item(session, await _board(session, setup), item_id)


async def item_row(app: FastAPI, item_id: str) -> Item | None:
    async with app.state.db.transaction(write=False) as session:
        return await session.get(Item, item_id)
