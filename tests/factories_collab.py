"""Boards, folders, attributes, items and values for the comments/references/views tests.

INTEGRATION NOTE: written before the core data model's services existed, so rows are inserted
through the ORM with the value keys the attribute types derive (text_key lower-cased text[:255],
number_key numbers/dates/booleans/counts). Once issue 3 is merged these delegate to its services.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI

from openinfinity.attributes.models import Attribute
from openinfinity.boards.models import Board, BoardUser
from openinfinity.folders.models import Folder
from openinfinity.items.models import Item, Value
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


async def board(app: FastAPI, account: Account, *, user_ids: list[int] | None = None) -> BoardSetup:
    async with app.state.db.transaction() as session:
        row = Board(workspace_id=account.workspace_id, name="Vacation Planning", created_by=account.user_id)
        session.add(row)
        await session.flush()
        for uid in {account.user_id, *(user_ids or [])}:
            session.add(BoardUser(board_id=row.id, user_id=uid))
        folder_row = Folder(board_id=row.id, name="Preparation", created_by=account.user_id)
        session.add(folder_row)
        await session.flush()
        return BoardSetup(account, row.id, folder_row.id)


async def folder(app: FastAPI, setup: BoardSetup, *, parent_id: str | None = None, name: str = "Sub") -> str:
    async with app.state.db.transaction() as session:
        row = Folder(board_id=setup.board_id, name=name, parent_folder_id=parent_id)
        session.add(row)
        await session.flush()
        return row.id


async def attribute(
    app: FastAPI, setup: BoardSetup, name: str, kind: str, settings: dict[str, Any] | None = None
) -> str:
    async with app.state.db.transaction() as session:
        row = Attribute(
            board_id=setup.board_id, name=name, type=kind, settings=settings or {}, created_by=None
        )
        session.add(row)
        await session.flush()
        setup.attributes[name] = row.id
        for label in (settings or {}).get("labels", []):
            setup.labels[label["name"]] = label["id"]
        return row.id


def keys_for(kind: str, data: Any, settings: dict[str, Any]) -> tuple[float | None, str | None, str | None]:
    """(number_key, text_key, search_text) as the attribute types derive them."""
    if data is None:
        return None, None, None
    if kind in ("text", "email", "phone"):
        return None, str(data).lower()[:255], str(data)
    if kind == "longtext":
        plain = html.unescape(re.sub(r"<[^>]*>", "", str(data)))
        return None, plain.lower()[:255], plain
    if kind == "links":
        url = data[0]["url"] if data else None
        return None, url.lower()[:255] if url else None, " ".join(d.get("url", "") for d in data)
    if kind in ("number", "rating", "progress"):
        return float(data), None, str(data)
    if kind == "checkbox":
        return (1.0 if data else 0.0), None, None
    if kind == "date":
        moment = datetime.fromisoformat(str(data).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp(), str(data), None
    if kind == "label":
        names = {label["id"]: label["name"] for label in settings.get("labels", [])}
        first = names.get(data[0]) if data else None
        return None, first.lower() if first else None, " ".join(names.get(i, "") for i in data)
    if kind in ("members", "vote"):
        return float(len(data)), None, None
    if kind == "checklist":
        done = sum(1 for entry in data if entry.get("done"))
        return (done / len(data) if data else None), None, None
    return None, None, None


async def item(
    app: FastAPI,
    setup: BoardSetup,
    values: dict[str, Any] | None = None,
    *,
    folder_id: str | None = None,
    created_by: int | None = None,
    sort_order: float = 0.0,
    created_at: datetime | None = None,
) -> str:
    """An item with values given by attribute name."""
    async with app.state.db.transaction() as session:
        row = Item(
            board_id=setup.board_id,
            folder_id=folder_id or setup.folder_id,
            created_by=created_by or setup.account.user_id,
            sort_order=sort_order,
        )
        if created_at is not None:
            row.created_at = created_at
        session.add(row)
        await session.flush()
        for name, data in (values or {}).items():
            attr = await session.get(Attribute, setup.attributes[name])
            assert attr is not None
            number, text, search = keys_for(attr.type, data, attr.settings)
            session.add(
                Value(
                    item_id=row.id,
                    attribute_id=attr.id,
                    data=data,
                    number_key=number,
                    text_key=text,
                    search_text=search,
                )
            )
        await session.flush()
        return row.id


async def delete_item(app: FastAPI, item_id: str) -> None:
    """Soft-delete an item the way the items service does, references included."""
    from openinfinity.core.models import utcnow
    from openinfinity.references import service as references

    async with app.state.db.transaction() as session:
        row = await session.get(Item, item_id)
        assert row is not None
        row.deleted_at = utcnow()
        await references.remove_for_item(session, item_id)
