"""A board for the item panel and search browser tests, made through the public API with a token:
a folder; Name (text), Estimate (number), Files (attachments) and Related (reference) attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.webapp.harness import Account, Api


@dataclass
class ItemBoard:
    api: Api
    account: Account
    board_id: str
    folder_id: str
    attributes: dict[str, str]  # attribute name -> id
    items: dict[str, str] = field(default_factory=dict)  # item name -> id

    @property
    def base(self) -> str:
        return f"/workspaces/{self.account.workspace_id}/boards/{self.board_id}"

    def path(self, tail: str = "") -> str:
        return f"/w/{self.account.workspace_id}/b/{self.board_id}{tail}"

    def add_item(self, name: str, **values: Any) -> str:
        body = [{"attribute_id": self.attributes["Name"], "data": name}]
        body += [{"attribute_id": self.attributes[k], "data": v} for k, v in values.items()]
        item = self.api.post(f"{self.base}/items", json={"folder_id": self.folder_id, "values": body})
        self.items[name] = str(item["id"])
        return self.items[name]

    def value(self, item_name: str, attribute: str) -> Any:
        item = self.api.get(f"{self.base}/items/{self.items[item_name]}", params={"expand[]": "values"})
        for value in item["values"]:
            if value["attribute_id"] == self.attributes[attribute]:
                return value["data"]
        return None


def make_item_board(api: Api, account: Account, name: str = "Launch") -> ItemBoard:
    board = api.post(f"/workspaces/{account.workspace_id}/boards", json={"name": name})
    base = f"/workspaces/{account.workspace_id}/boards/{board['id']}"
    folder = api.post(f"{base}/folders", json={"name": "Work"})
    attributes = {}
    for attribute_name, kind in [
        ("Name", "text"),
        ("Estimate", "number"),
        ("Files", "attachments"),
        ("Related", "reference"),
    ]:
        made = api.post(f"{base}/attributes", json={"name": attribute_name, "type": kind})
        attributes[attribute_name] = str(made["id"])
    return ItemBoard(api, account, str(board["id"]), str(folder["id"]), attributes)
