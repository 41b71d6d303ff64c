"""Reading a workspace from an Infinity API v2 server (the hosted one or another openinfinity):
every list is paged with `after` cursors, 100 per page, oldest first (parents before children);
every request goes through the pacer (pacing.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx

from openinfinity.transfer.pacing import Pacer, SourceError
from openinfinity.transfer.sources import COMMENTS_DONE, Batch, Known, Progress, parents_first

PAGE = 100
API = "/api/v2"


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    return str(body.get("message") if isinstance(body, dict) else body)[:200]


class RemoteSource:
    kind = "remote"

    def __init__(
        self,
        url: str,
        token: str,
        workspace: str,
        *,
        per_minute: float = 180.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        base = url.rstrip("/")
        self.base = base.removesuffix(API)
        self.location = self.base
        self.workspace = str(workspace)
        self.pacer = Pacer(per_minute)
        self.progress = Progress()
        self.client = httpx.AsyncClient(
            base_url=self.base,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(60.0, connect=10.0),
            transport=transport,
            follow_redirects=True,
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        response = await self.pacer.send(lambda: self.client.get(path, params=params))
        if response.status_code != 200:
            raise SourceError(
                f"the source answered GET {path} with {response.status_code}: {_message(response)}",
                transient=response.status_code >= 500,
            )
        return response.json()

    async def pages(self, path: str, **params: Any) -> AsyncIterator[list[dict[str, Any]]]:
        after: str | None = None
        while True:
            query = {"limit": PAGE, "sort_by": "created_at", "sort_direction": "asc", **params}
            if after:
                query["after"] = after
            body = await self.get(path, query)
            data = [row for row in body.get("data") or [] if not row.get("deleted")]
            yield data
            after = body.get("after")
            if not body.get("has_more") or not after:
                return

    async def everything(self, path: str, **params: Any) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        async for page in self.pages(path, **params):
            out.extend(page)
        return out

    async def batches(self, known: Known) -> AsyncIterator[Batch]:
        ws = f"{API}/workspaces/{self.workspace}"
        workspace = await self.get(ws)
        members = await self.everything(f"{ws}/members", **{"expand[]": ["membership"]})
        owner = next((m for m in members if m.get("id") == workspace.get("owner_id")), {})
        yield Batch(
            "workspace",
            [
                {
                    "id": workspace.get("id"),
                    "name": workspace.get("name"),
                    "owner_email": owner.get("email"),
                    "owner_name": owner.get("name"),
                }
            ],
        )
        yield Batch("user", [_member(m) for m in members])
        boards = await self.everything(f"{ws}/boards")
        self.progress.totals["board"] = len(boards)
        yield Batch("board", boards)
        for board in boards:
            async for batch in self._board(ws, board, known):
                yield batch

    async def _board(self, ws: str, board: dict[str, Any], known: Known) -> AsyncIterator[Batch]:
        board_id = board["id"]
        path = f"{ws}/boards/{board_id}"
        self.progress.board, self.progress.board_items, self.progress.board_total = board.get("name"), 0, None
        folders = await self.everything(f"{path}/folders")
        yield Batch("folder", parents_first([_folder(f, board_id) for f in folders]))
        attributes = await self.everything(f"{path}/attributes")
        yield Batch("attribute", [{**a, "board_id": board_id} for a in attributes])
        files = {a["id"] for a in attributes if a.get("type") == "attachments"}
        # The API shows an item's last change only as the value of an updated_at attribute.
        updated = {a["id"] for a in attributes if a.get("type") == "updated_at"}
        async for items in self.pages(f"{path}/items", **{"expand[]": ["values", "created_by"]}):
            attachments = _attachments_in(items, files)
            fresh = [a for a in attachments if not known("attachment", a["id"])]
            if fresh:
                yield Batch("attachment", fresh)
            yield Batch("item", [_item(item, board_id, updated) for item in items])
            for item in items:
                if known(COMMENTS_DONE, item["id"]):
                    continue
                comments = await self.everything(f"{path}/items/{item['id']}/comments")
                records = [{**c, "board_id": board_id, "item_id": item["id"]} for c in comments]
                yield Batch("comment", records, marker=(COMMENTS_DONE, str(item["id"])))
            self.progress.board_items += len(items)
        async for page in self.pages(f"{path}/references"):
            yield Batch("reference", [{**r, "board_id": board_id} for r in page])
        async for page in self.pages(f"{path}/views"):
            yield Batch("view", [{**v, "board_id": board_id} for v in page])
        async for page in self.pages(f"{path}/hooks"):
            yield Batch("hook", [{**h, "board_id": board_id} for h in page])

    async def open(self, attachment: dict[str, Any]) -> AsyncIterator[bytes]:
        link = attachment.get("link")
        if not link:
            raise SourceError(f"attachment {attachment.get('id')} has no download link")
        request = self.client.build_request("GET", link)
        if request.url.host != self.client.base_url.host:
            # A link to another host (a storage service): the source's token is not for it.
            del request.headers["Authorization"]
        response = await self.pacer.send(lambda: self.client.send(request, stream=True))
        try:
            if response.status_code != 200:
                raise SourceError(f"download of attachment {attachment.get('id')}: {response.status_code}")
            async for chunk in response.aiter_bytes(1 << 16):
                yield chunk
        finally:
            await response.aclose()


def _item(item: dict[str, Any], board_id: str, updated: set[str]) -> dict[str, Any]:
    creator = item.get("created_by")
    record = {
        **item,
        "board_id": board_id,
        "created_by": creator.get("id") if isinstance(creator, dict) else creator,
    }
    for value in item.get("values") or []:
        if value.get("attribute_id") in updated and value.get("data"):
            record["updated_at"] = value["data"]
    return record


def _member(user: dict[str, Any]) -> dict[str, Any]:
    membership = user.get("membership") or {}
    return {
        "id": user.get("id"),
        "email": user.get("email"),
        "name": user.get("name"),
        "role": membership.get("role"),
    }


def _folder(folder: dict[str, Any], board_id: str) -> dict[str, Any]:
    parent = folder.get("parent_id")
    return {
        **folder,
        "board_id": board_id,
        "parent_folder_id": None if parent in (None, board_id) else parent,
    }


def _attachments_in(items: list[dict[str, Any]], attribute_ids: set[str]) -> list[dict[str, Any]]:
    """The attachment objects named by the items' attachments values, each once."""
    seen: dict[Any, dict[str, Any]] = {}
    for item in items:
        for value in item.get("values") or []:
            if value.get("attribute_id") in attribute_ids and isinstance(value.get("data"), list):
                for entry in value["data"]:
                    if isinstance(entry, dict) and entry.get("id") is not None:
                        seen.setdefault(entry["id"], entry)
    return list(seen.values())
