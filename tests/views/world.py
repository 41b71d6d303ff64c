"""A board with an attribute of every filterable type and four items (plus one in a sub-folder),
shared by the view query tests of one backend."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx
from fastapi import FastAPI

from openinfinity.files.models import Attachment
from tests import factories, factories_collab
from tests.factories import Account
from tests.factories_collab import BoardSetup

DOLLAR = "d271b2b3-4ccc-43cd-8628-5861d2151eb6"
DOLLARS = "7a9bd039-f9a4-4da6-8e95-d356d6dc44f8"
LABELS = [{"id": DOLLAR, "name": "$", "color": "#92F3EC"}, {"id": DOLLARS, "name": "$$", "color": "#FFD3F2"}]

TYPES = {
    "Name": "text",
    "Notes": "longtext",
    "Email": "email",
    "Phone": "phone",
    "Site": "links",
    "Count": "number",
    "Stars": "rating",
    "Pct": "progress",
    "Done": "checkbox",
    "Due": "date",
    "Price": "label",
    "People": "members",
    "Votes": "vote",
    "Tasks": "checklist",
    "Related": "reference",
    "Image": "attachments",
    "Created": "created_at",
    "Updated": "updated_at",
    "Creator": "created_by",
    "Folder": "source_folder",
}


@dataclass
class World:
    setup: BoardSetup
    other: Account
    subfolder_id: str
    names: dict[str, str] = field(default_factory=dict)  # item id -> letter

    @property
    def owner(self) -> Account:
        return self.setup.account

    def attr(self, name: str) -> str:
        return self.setup.attributes[name]

    async def view(self, client: httpx.AsyncClient, settings: dict[str, Any]) -> httpx.Response:
        return await client.post(
            self.setup.path("/views"),
            json={"type": "table", "folder_id": self.setup.folder_id, "settings": settings},
            headers=self.owner.headers,
        )

    async def items(self, client: httpx.AsyncClient, settings: dict[str, Any], **params: Any) -> list[str]:
        created = await self.view(client, settings)
        assert created.status_code == 201, created.json()
        response = await client.get(
            self.setup.path(f"/views/{created.json()['id']}/items"),
            params={"limit": 100, **params},
            headers=self.owner.headers,
        )
        assert response.status_code == 200, response.json()
        return [self.names[item["id"]] for item in response.json()["data"]]


async def _attachment(app: FastAPI, owner: factories.Account) -> int:
    """A file row of the owner's workspace (no bytes needed: views only test its presence)."""
    async with app.state.db.transaction() as session:
        row = Attachment(
            workspace_id=owner.workspace_id,
            path=f"views-test/{uuid.uuid4().hex}.png",
            original_name="a.png",
            filesize=1,
            content_type="image/png",
            created_by=owner.user_id,
        )
        session.add(row)
        await session.flush()
        return row.id


async def build(app: FastAPI, client: httpx.AsyncClient) -> World:
    owner = await factories.account(app)
    other = await factories.member(app, owner.workspace_id, role="full-member", name="Other")
    setup = await factories_collab.board(app, owner)
    for name, kind in TYPES.items():
        settings = {"labels": LABELS} if kind == "label" else None
        await factories_collab.attribute(app, setup, name, kind, settings)
    sub = await factories_collab.folder(app, setup, parent_id=setup.folder_id, name="Sub")
    world = World(setup, other, sub)
    image_id = await _attachment(app, owner)
    rows: dict[str, tuple[dict[str, Any], int, float, datetime]] = {
        "A": (
            {
                "Name": "Alpha",
                "Notes": "<p>Big <b>Plan</b></p>",
                "Email": "a@x.io",
                "Phone": "+1 206 555 0100",
                "Site": [{"id": "l1", "url": "https://alpha.com", "name": "Alpha"}],
                "Count": 10,
                "Stars": 3,
                "Pct": 50,
                "Done": True,
                "Due": "2024-01-05",
                "Price": [DOLLAR],
                "People": [owner.user_id],
                "Votes": [owner.user_id, other.user_id],
                "Tasks": [
                    {"id": "t1", "name": "One", "done": True},
                    {"id": "t2", "name": "Two", "done": False},
                ],
                "Image": [{"id": image_id}],
            },
            owner.user_id,
            1.0,
            datetime(2024, 1, 1),
        ),
        "B": (
            {
                "Name": "beta",
                "Notes": "small",
                "Count": 2.5,
                "Stars": 5,
                "Done": False,
                "Due": "2024-01-06T10:00:00Z",
                "Price": [DOLLAR, DOLLARS],
                "People": [other.user_id],
                "Votes": [other.user_id],
                "Tasks": [{"id": "t3", "name": "One", "done": True}],
            },
            other.user_id,
            2.0,
            datetime(2024, 2, 1),
        ),
        "C": (
            {"Name": "Gamma 100%", "Count": -1, "Due": "2023-12-31", "Price": [DOLLARS]},
            owner.user_id,
            3.0,
            datetime(2024, 3, 1),
        ),
        "D": ({}, owner.user_id, 4.0, datetime(2024, 4, 1)),
    }
    for letter, (values, creator, order, created) in rows.items():
        item_id = await factories_collab.item(
            app, setup, values, created_by=creator, sort_order=order, created_at=created
        )
        world.names[item_id] = letter
    e = await factories_collab.item(
        app,
        setup,
        {"Name": "Epsilon", "Count": 7},
        folder_id=sub,
        sort_order=5.0,
        created_at=datetime(2024, 5, 1),
    )
    world.names[e] = "E"
    ids = {letter: item_id for item_id, letter in world.names.items()}
    response = await client.post(
        setup.path("/references"),
        json={"attribute_id": world.attr("Related"), "from_item_id": ids["A"], "to_item_id": ids["B"]},
        headers=owner.headers,
    )
    assert response.status_code == 201
    return world


def item_id(world: World, letter: str) -> str:
    return next(item for item, name in world.names.items() if name == letter)
