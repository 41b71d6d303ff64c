"""A small board for the kanban, views and live browser tests, made through the public API with a
token: a folder, a Name (text), a Status (label) and a Points (number) attribute, named items."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.webapp.harness import Account, Api

STATUSES = ("To do", "Doing", "Done")
COLORS = ("#FFD3F2", "#FFE8A3", "#B6F2C5")


@dataclass
class World:
    api: Api
    account: Account
    board_id: str
    folder_id: str
    name: str  # attribute ids
    status: str
    points: str
    labels: dict[str, str]  # status name -> label id
    items: dict[str, str] = field(default_factory=dict)  # item name -> id

    @property
    def base(self) -> str:
        return f"/workspaces/{self.account.workspace_id}/boards/{self.board_id}"

    def path(self, tail: str = "") -> str:
        """The web app's address of this board (plus `/v/<view>` etc.)."""
        return f"/w/{self.account.workspace_id}/b/{self.board_id}{tail}"

    def add_item(self, name: str, status: str | None = None, points: float | None = None) -> str:
        values: list[dict[str, Any]] = [{"attribute_id": self.name, "data": name}]
        if status is not None:
            values.append({"attribute_id": self.status, "data": [self.labels[status]]})
        if points is not None:
            values.append({"attribute_id": self.points, "data": points})
        item = self.api.post(f"{self.base}/items", json={"folder_id": self.folder_id, "values": values})
        self.items[name] = item["id"]
        return str(item["id"])

    def item(self, name: str) -> dict[str, Any]:
        return dict(self.api.get(f"{self.base}/items/{self.items[name]}", params={"expand[]": "values"}))

    def value(self, name: str, attribute_id: str) -> Any:
        for value in self.item(name)["values"]:
            if value["attribute_id"] == attribute_id:
                return value["data"]
        return None

    def add_view(self, name: str, view_type: str, settings: dict[str, Any]) -> dict[str, Any]:
        body = {"name": name, "type": view_type, "folder_id": self.folder_id, "settings": settings}
        return dict(self.api.post(f"{self.base}/views", json=body))

    def views(self) -> list[dict[str, Any]]:
        return list(self.api.get(f"{self.base}/views", params={"limit": 100})["data"])

    def named_items(self) -> dict[str, dict[str, Any]]:
        """Every live item of the board by its Name value."""
        page = self.api.get(f"{self.base}/items", params={"limit": 100, "expand[]": "values"})
        out: dict[str, dict[str, Any]] = {}
        for item in page["data"]:
            names = [v["data"] for v in item["values"] if v["attribute_id"] == self.name]
            if names:
                out[names[0]] = item
        return out


def make_world(api: Api, account: Account, board_name: str = "Sprint") -> World:
    ws = account.workspace_id
    board = api.post(f"/workspaces/{ws}/boards", json={"name": board_name})
    base = f"/workspaces/{ws}/boards/{board['id']}"
    folder = api.post(f"{base}/folders", json={"name": "Tasks"})
    name = api.post(f"{base}/attributes", json={"name": "Name", "type": "text"})
    labels = [{"name": s, "color": c} for s, c in zip(STATUSES, COLORS, strict=True)]
    status = api.post(
        f"{base}/attributes",
        json={"name": "Status", "type": "label", "settings": {"multiple": False, "labels": labels}},
    )
    points = api.post(f"{base}/attributes", json={"name": "Points", "type": "number"})
    label_ids = {label["name"]: label["id"] for label in status["settings"]["labels"]}
    return World(api, account, board["id"], folder["id"], name["id"], status["id"], points["id"], label_ids)


def eventually(check: Callable[[], Any], *, timeout: float = 5.0, what: str = "condition") -> Any:
    """Polls `check` (through the API) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {timeout} s (last: {last!r})")
