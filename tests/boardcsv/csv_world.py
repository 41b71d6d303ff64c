"""A board with one attribute of every type a CSV carries, two members to name, and helpers to
export and import it over HTTP."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select

from openinfinity.core.events import OutboxEvent
from openinfinity.items.models import Item
from tests import factories
from tests.factories import Account

LABELS = [
    {"id": "5b1c6f62-0d7e-4b8a-9d55-0c1f2a3b4c5d", "name": "Cheap", "color": "#92F3EC"},
    {"id": "6c2d7a73-1e8f-4c9b-8e66-1d2a3b4c5d6e", "name": "Research, design", "color": "#FFD3F2"},
]

# name -> (type, settings); creation order is column order.
ATTRIBUTES: dict[str, tuple[str, dict[str, Any] | None]] = {
    "Name": ("text", None),
    "Notes": ("longtext", None),
    "Done": ("checkbox", None),
    "Tags": ("label", {"multiple": True, "labels": LABELS}),
    "Cost": ("number", None),
    "Stars": ("rating", {"min": 0, "max": 5}),
    "Progress": ("progress", None),
    "Due": ("date", None),
    "Email": ("email", None),
    "Phone": ("phone", None),
    "Links": ("links", None),
    "Steps": ("checklist", None),
    "People": ("members", None),
    "Votes": ("vote", None),
    "Created": ("created_at", None),
    "Author": ("created_by", None),
}


@dataclass
class CsvBoard:
    account: Account
    board_id: str
    folder_id: str
    attributes: dict[str, str] = field(default_factory=dict)
    members: dict[str, Account] = field(default_factory=dict)

    def url(self, path: str = "") -> str:
        return self.account.ws(f"/boards/{self.board_id}{path}")

    def attr(self, name: str) -> str:
        return self.attributes[name]


async def csv_board(
    client: httpx.AsyncClient, app: FastAPI, owner: Account, *, members: dict[str, Account] | None = None
) -> CsvBoard:
    """A board through the API, with a folder and every attribute of ATTRIBUTES."""
    headers = owner.headers
    response = await client.post(owner.ws("/boards"), json={"name": "Trip, 2024"}, headers=headers)
    assert response.status_code == 201, response.text
    board = CsvBoard(owner, response.json()["id"], "")
    folder = await client.post(board.url("/folders"), json={"name": "Preparation"}, headers=headers)
    assert folder.status_code == 201, folder.text
    board.folder_id = folder.json()["id"]
    for name, (kind, settings) in ATTRIBUTES.items():
        body: dict[str, Any] = {"name": name, "type": kind}
        if settings:
            body["settings"] = settings
        created = await client.post(board.url("/attributes"), json=body, headers=headers)
        assert created.status_code in (200, 201), created.text
        board.attributes[name] = created.json()["id"]
    if members is None:
        members = {
            "ana": await factories.member(app, owner.workspace_id, role="member", name="Ana Lima"),
            "ben": await factories.member(app, owner.workspace_id, role="member", name="Ben Ode"),
        }
    board.members = members
    return board


async def add_item(client: httpx.AsyncClient, board: CsvBoard, values: dict[str, Any]) -> dict[str, Any]:
    body = {
        "folder_id": board.folder_id,
        "values": [{"attribute_id": board.attr(k), "data": v} for k, v in values.items()],
    }
    response = await client.post(board.url("/items"), json=body, headers=board.account.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def export(client: httpx.AsyncClient, board: CsvBoard, **params: str) -> httpx.Response:
    return await client.get(board.url("/items.csv"), params=params, headers=board.account.headers)


def rows_of(response: httpx.Response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


async def import_csv(
    client: httpx.AsyncClient,
    board: CsvBoard,
    content: bytes | str,
    **fields: str,
) -> httpx.Response:
    raw = content.encode("utf-8") if isinstance(content, str) else content
    return await client.post(
        board.url("/items/import"),
        files={"file": ("items.csv", raw, "text/csv")},
        data=fields,
        headers=board.account.headers,
    )


async def item_count(app: FastAPI, board_id: str) -> int:
    async with app.state.db.transaction(write=False) as session:
        found = await session.scalar(
            select(func.count()).select_from(Item).where(Item.board_id == board_id, Item.deleted_at.is_(None))
        )
        return int(found or 0)


async def outbox_count(app: FastAPI, board_id: str) -> int:
    async with app.state.db.transaction(write=False) as session:
        found = await session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.board_id == board_id)
        )
        return int(found or 0)


async def items_of(client: httpx.AsyncClient, board: CsvBoard) -> list[dict[str, Any]]:
    """Every item of the board with its values, in the board's order."""
    out: list[dict[str, Any]] = []
    after = None
    while True:
        params: dict[str, Any] = {
            "expand[]": "values",
            "limit": 100,
            "sort_by": "sort_order",
            "sort_direction": "asc",
        }
        if after:
            params["after"] = after
        page = await client.get(board.url("/items"), params=params, headers=board.account.headers)
        assert page.status_code == 200, page.text
        body = page.json()
        out += body["data"]
        if not body["has_more"]:
            return out
        after = body["after"]
