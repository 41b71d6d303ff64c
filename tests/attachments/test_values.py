"""`attachments` values through the real items API: write ids, read full objects with fresh links."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from openinfinity.files.runtime import AttachmentsRuntime
from openinfinity.items.models import Value
from tests import factories
from tests.factories_attachments import create_item, files_board, png_bytes, relative, upload

VALUE_KEYS = [
    "id",
    "link",
    "path",
    "original_name",
    "filesize",
    "thumb",
    "created_at",
    "updated_at",
    "team_id",
    "deleted_at",
    "checked_at",
    "extension",
    "basename",
    "filename",
]


async def _upload(
    client: httpx.AsyncClient, owner: factories.Account, name: str, content: bytes
) -> dict[str, Any]:
    response = await upload(client, owner, content, name=name)
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


def _files(item: dict[str, Any], attribute_id: str) -> list[dict[str, Any]]:
    [value] = [v for v in item["values"] if v["attribute_id"] == attribute_id]
    data: list[dict[str, Any]] = value["data"]
    return data


async def test_values_round_trip_with_fresh_links(
    app: FastAPI,
    client: httpx.AsyncClient,
    owner: factories.Account,
    runtime: AttachmentsRuntime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    photo = await _upload(client, owner, "Park Guell.png", png_bytes(64, 64))
    notes = await _upload(client, owner, "notes.txt", b"some notes")
    board = await files_board(app, owner)

    # Ids as the seed writes them (strings) and as integers.
    response = await create_item(client, board, [{"id": str(photo["id"])}, {"id": notes["id"]}])
    assert response.status_code == 201, response.text
    files = _files(response.json(), board.attribute_id)
    assert [f["id"] for f in files] == [photo["id"], notes["id"]]
    assert [list(f) for f in files] == [VALUE_KEYS, VALUE_KEYS]
    assert files[0]["original_name"] == "Park Guell.png"
    assert files[0]["team_id"] == owner.workspace_id
    assert files[0]["thumb"] is not None and files[1]["thumb"] is None
    assert (files[1]["deleted_at"], files[1]["checked_at"]) == (None, None)

    # Stored as the list of ids.
    async with app.state.db.transaction(write=False) as session:
        stored = await session.scalar(select(Value.data).where(Value.attribute_id == board.attribute_id))
    assert stored == [photo["id"], notes["id"]]

    item_url = board.url(f"/items/{response.json()['id']}")
    first = _files(
        (await client.get(item_url, params={"expand[]": "values"}, headers=owner.headers)).json(),
        board.attribute_id,
    )
    assert (await client.get(relative(first[1]["link"]))).content == b"some notes"

    # Two and a half hours later the first links have expired; reading the item again gives
    # fresh ones that work.
    later = time.time() + 9000
    monkeypatch.setattr(runtime.signer, "clock", lambda: later)
    expired = await client.get(relative(first[1]["link"]))
    assert expired.status_code == 403
    assert expired.json()["code"] == "attachments/link-expired"
    again = _files(
        (await client.get(item_url, params={"expand[]": "values"}, headers=owner.headers)).json(),
        board.attribute_id,
    )
    assert again[1]["link"] != first[1]["link"]
    assert (await client.get(relative(again[1]["link"]))).content == b"some notes"
    assert (await client.get(relative(again[0]["thumb"]))).status_code == 200

    # The list endpoint presents them too (loaded once for the page).
    page = (
        await client.get(board.url("/items"), params={"expand[]": "values"}, headers=owner.headers)
    ).json()
    assert [f["id"] for f in _files(page["data"][0], board.attribute_id)] == [photo["id"], notes["id"]]


async def test_update_replaces_and_empties_the_files(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    one = await _upload(client, owner, "one.txt", b"1")
    two = await _upload(client, owner, "two.txt", b"2")
    board = await files_board(app, owner)
    item = (await create_item(client, board, [{"id": one["id"]}])).json()
    url = board.url(f"/items/{item['id']}")

    body = {"values": [{"attribute_id": board.attribute_id, "data": [{"id": two["id"]}, {"id": one["id"]}]}]}
    updated = await client.put(url, params={"expand[]": "values"}, json=body, headers=owner.headers)
    assert updated.status_code == 200, updated.text
    assert [f["id"] for f in _files(updated.json(), board.attribute_id)] == [two["id"], one["id"]]

    body = {"values": [{"attribute_id": board.attribute_id, "data": []}]}
    emptied = await client.put(url, params={"expand[]": "values"}, json=body, headers=owner.headers)
    assert _files(emptied.json(), board.attribute_id) == []


async def test_ids_of_another_workspace_are_refused(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    stranger = await factories.account(app)
    theirs = await _upload(client, stranger, "secret.txt", b"not yours")
    mine = await _upload(client, owner, "mine.txt", b"mine")
    board = await files_board(app, owner)

    response = await create_item(client, board, [{"id": mine["id"]}, {"id": theirs["id"]}])
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "values.0.data": [
            "The values.0.data field contains attachments that do not exist or that you cannot use here."
        ]
    }
    for bad in ([{"id": 999_999_999}], [{"id": "abc"}], {"id": mine["id"]}):
        response = await create_item(client, board, bad)
        assert response.status_code == 422, bad
    listed = (await client.get(board.url("/items"), headers=owner.headers)).json()
    assert listed["data"] == []  # nothing was created


async def test_strangers_cannot_upload_or_read(
    app: FastAPI, client: httpx.AsyncClient, owner: factories.Account, runtime: AttachmentsRuntime
) -> None:
    mine = await _upload(client, owner, "mine.txt", b"mine")
    board = await files_board(app, owner)
    item = (await create_item(client, board, [{"id": mine["id"]}])).json()
    stranger = await factories.account(app)
    response = await client.get(board.url(f"/items/{item['id']}"), headers=stranger.headers)
    assert response.status_code == 404
    response = await upload(client, stranger, b"x", workspace_id=owner.workspace_id)
    assert response.status_code == 404
