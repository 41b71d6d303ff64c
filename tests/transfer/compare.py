"""A workspace as its API shows it, in a form two servers can be compared by: every object by id,
users named by e-mail (user ids differ between servers), files by name and sha256 of the bytes
downloaded through their links."""

from __future__ import annotations

import hashlib
import time
from typing import Any

import httpx

USER_LIST_TYPES = frozenset({"members", "vote"})


class Reader:
    def __init__(self, base: str, token: str, workspace_id: int) -> None:
        self.http = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        self.ws = f"/api/v2/workspaces/{workspace_id}"

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, **params: Any) -> httpx.Response:
        """GET, waiting out the server's rate limit (a source runs with a low one)."""
        for _ in range(60):
            response = self.http.get(path, params=params or None)
            if response.status_code != 429:
                return response
            time.sleep(float(response.headers.get("retry-after", "1")))
        raise AssertionError(f"{path}: still rate limited")

    def all(self, path: str, **params: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        after = None
        while True:
            query = {"limit": 100, **params, **({"after": after} if after else {})}
            response = self.get(path, **query)
            assert response.status_code == 200, (path, response.text)
            body = response.json()
            out.extend(body["data"])
            after = body.get("after")
            if not body.get("has_more") or not after:
                return out

    def sha(self, link: str) -> str:
        response = self.get(link)
        assert response.status_code == 200, (link, response.status_code, response.text)
        return hashlib.sha256(response.content).hexdigest()


def snapshot(base: str, token: str, workspace_id: int) -> dict[str, Any]:
    reader = Reader(base, token, workspace_id)
    try:
        return _snapshot(reader)
    finally:
        reader.close()


def _snapshot(r: Reader) -> dict[str, Any]:
    members = r.all(f"{r.ws}/members", **{"expand[]": "membership"})
    email = {m["id"]: m["email"] for m in members}
    out: dict[str, Any] = {
        "members": sorted(m["email"] for m in members),
        "boards": {},
    }
    for board in r.all(f"{r.ws}/boards"):
        path = f"{r.ws}/boards/{board['id']}"
        attributes = r.all(f"{path}/attributes")
        types = {a["id"]: a["type"] for a in attributes}
        items = r.all(f"{path}/items", **{"expand[]": "values"})
        hooks = r.all(f"{path}/hooks")
        out["boards"][board["id"]] = {
            "board": {**board, "user_ids": sorted(email.get(u, u) for u in board["user_ids"])},
            "folders": {f["id"]: f for f in r.all(f"{path}/folders")},
            "attributes": {a["id"]: {**a, "created_by": email.get(a["created_by"])} for a in attributes},
            "items": {i["id"]: _item(r, i, types, email) for i in items},
            "comments": {
                i["id"]: [
                    {**c, "created_by": email.get(c["created_by"])}
                    for c in r.all(f"{path}/items/{i['id']}/comments")
                ]
                for i in items
            },
            "references": sorted(
                (x["id"], x["attribute_id"], x["from_item_id"], x["to_item_id"])
                for x in r.all(f"{path}/references")
            ),
            "views": {
                v["id"]: {**v, "created_by": email.get(v["created_by"])} for v in r.all(f"{path}/views")
            },
            "hooks": {
                h["id"]: {
                    "url": h["url"],
                    "events": h["events"],
                    "user": email.get(h["user_id"]),
                    "secret": h["secret"],
                }
                for h in hooks
            },
            "hooks_active": sorted(h["active"] for h in hooks),
        }
    return out


def _item(r: Reader, item: dict[str, Any], types: dict[str, str], email: dict[int, str]) -> dict[str, Any]:
    values = {}
    for value in item["values"]:
        kind = types[value["attribute_id"]]
        data = value["data"]
        if kind == "attachments":
            data = sorted((a["original_name"], a["filesize"], r.sha(a["link"])) for a in data)
        elif kind in USER_LIST_TYPES:
            data = sorted(email.get(u, u) for u in data)
        elif kind == "created_by":
            data = email.get(data, data)
        elif kind == "reference":
            data = sorted(data)
        values[value["attribute_id"]] = (value["id"], data)
    return {**{k: v for k, v in item.items() if k != "values"}, "values": values}


def without_hook_state(shot: dict[str, Any]) -> dict[str, Any]:
    """The snapshot minus whether hooks are active (copies are switched off on purpose)."""
    return {
        **shot,
        "boards": {k: {**b, "hooks_active": None} for k, b in shot["boards"].items()},
    }


def differences(left: Any, right: Any, path: str = "") -> list[str]:
    """Where two snapshots differ, as readable paths (empty when they are the same)."""
    if isinstance(left, dict) and isinstance(right, dict):
        out: list[str] = []
        for key in sorted(set(left) | set(right), key=str):
            if key not in left or key not in right:
                out.append(f"{path}/{key}: only in {'copy' if key in right else 'source'}")
            else:
                out.extend(differences(left[key], right[key], f"{path}/{key}"))
        return out
    if left != right:
        return [f"{path}: {left!r} != {right!r}"[:3000]]
    return []
