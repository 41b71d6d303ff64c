"""Item test data: a board with folders and one attribute of each common type, made through the
real services, plus small HTTP helpers for the items API."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.attributes.service import create_attribute
from openinfinity.auth.principal import Principal
from openinfinity.boards.access import BoardContext
from openinfinity.boards.service import create_board
from openinfinity.core.events import OutboxEvent
from openinfinity.folders.service import create_folder
from openinfinity.workspaces.service import access
from tests.factories import Account

PRICE_LABELS = [
    {"id": "d271b2b3-4ccc-43cd-8628-5861d2151eb6", "name": "$", "color": "#92F3EC"},
    {"id": "7a9bd039-f9a4-4da6-8e95-d356d6dc44f8", "name": "$$", "color": "#FFD3F2"},
]

# name -> (type, settings)
ATTRIBUTES: dict[str, tuple[str, dict[str, Any] | None]] = {
    "Name": ("text", None),
    "Notes": ("longtext", None),
    "Done": ("checkbox", None),
    "Price": ("label", {"multiple": True, "labels": PRICE_LABELS}),
    "Checklist": ("checklist", None),
    "Cost": ("number", {"format": "currency", "currency": "€"}),
    "Rating": ("rating", {"min": 0, "max": 5}),
    "Email": ("email", None),
    "Due": ("date", None),
    "Ref": ("reference", None),
    "Created": ("created_at", None),
    "Author": ("created_by", None),
}


@dataclass
class BoardSetup:
    account: Account
    board_id: str
    folder_id: str
    other_folder_id: str
    attributes: dict[str, str] = field(default_factory=dict)

    def url(self, path: str = "") -> str:
        return self.account.ws(f"/boards/{self.board_id}{path}")

    @property
    def headers(self) -> dict[str, str]:
        return self.account.headers

    def attr(self, name: str) -> str:
        return self.attributes[name]


async def board_context(session: Any, account: Account, board_id: str | None = None) -> Any:
    principal = Principal(
        user_id=account.user_id,
        token_id=0,
        scopes=frozenset(),
        workspace_id=None,
        is_instance_admin=False,
    )
    return await access(session, principal, account.workspace_id)


async def board_setup(app: FastAPI, account: Account, *, name: str = "Vacation Planning") -> BoardSetup:
    async with app.state.db.transaction() as session:
        ctx = await board_context(session, account)
        board_row = await create_board(session, ctx, name=name, color="#4eb4f9")
        board = BoardContext(board=board_row, workspace=ctx)
        attributes = {}
        for attr_name, (kind, settings) in ATTRIBUTES.items():
            attribute = await create_attribute(session, board, name=attr_name, type=kind, settings=settings)
            attributes[attr_name] = attribute.id
        folder = await create_folder(
            session, board, name="Preparation", attribute_ids=list(attributes.values())
        )
        other = await create_folder(session, board, name="Restaurants")
        return BoardSetup(account, board_row.id, folder.id, other.id, attributes)


async def create_item(
    client: httpx.AsyncClient,
    setup: BoardSetup,
    *,
    folder_id: str | None = None,
    values: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"folder_id": folder_id or setup.folder_id, **extra}
    if values is not None:
        body["values"] = [{"attribute_id": setup.attr(k), "data": v} for k, v in values.items()]
    response = await client.post(setup.url("/items"), json=body, headers=setup.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def outbox(app: FastAPI, item_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The outbox events of one item, in order."""
    async with app.state.db.transaction(write=False) as session:
        rows = await session.scalars(
            select(OutboxEvent).where(OutboxEvent.item_id == item_id).order_by(OutboxEvent.id)
        )
        return [(row.event, row.payload) for row in rows]
