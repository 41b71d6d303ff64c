"""The one request dependency below a board (boards/deps.board_request) answers the same on every
router below a board, and like the dependency chain it replaced (router scope_guard +
CurrentBoard): 401, then 403, then 422 for a path id too long, then 404 workspace, then 404
board, with the same bodies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.factories import Account
from tests.factories_boards import board

LONG_WORKSPACE = "9" * 40
# One route of each router below a board: the same answers, case by case. POST where the
# route exists (the board itself and the change feed have none).
RESOURCES = ["items", "folders", "attributes", "views", "references", "items/1/comments"]
GET_ONLY = ["", "changes"]
# Those that answer 200 on a board the caller sees (comments need an item).
ON_A_BOARD = ["items", "folders", "attributes", "views", "references", "", "changes"]


async def _answer(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]
) -> tuple[int, Any]:
    body = {"name": "x"} if method == "POST" else None
    response = await client.request(method, path, json=body, headers=headers)
    return response.status_code, response.json()


async def _both(
    client: httpx.AsyncClient,
    method: str,
    base: str,
    headers: dict[str, str],
) -> tuple[int, Any]:
    """The answer of every router, after checking they agree."""
    resources = RESOURCES + (GET_ONLY if method == "GET" else [])
    answers = [
        await _answer(client, method, f"{base}/{resource}".rstrip("/"), headers) for resource in resources
    ]
    differ = {r: a for r, a in zip(resources, answers, strict=True) if a != answers[0]}
    assert not differ, (resources[0], answers[0], differ)
    return answers[0]


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_no_credential_is_401_before_a_bad_path(
    client: httpx.AsyncClient, owner: Account, method: str
) -> None:
    base = f"/api/v2/workspaces/{LONG_WORKSPACE}/boards/b"
    status, _ = await _both(client, method, base, {})
    assert status == 401


async def test_missing_scope_is_403_before_a_bad_path(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    read_only = await factories.token(app, owner.user_id, scopes=["read"])
    headers = {"Authorization": f"Bearer {read_only}"}
    status, body = await _both(client, "POST", f"/api/v2/workspaces/{LONG_WORKSPACE}/boards/b", headers)
    assert status == 403, body


async def test_a_path_id_too_long_is_422_then_404_workspace_then_board(
    app: FastAPI, client: httpx.AsyncClient, owner: Account
) -> None:
    status, body = await _both(client, "GET", f"/api/v2/workspaces/{LONG_WORKSPACE}/boards/b", owner.headers)
    assert status == 422 and "workspace" in body["invalidFields"], body
    status, body = await _both(
        client, "GET", f"/api/v2/workspaces/{owner.workspace_id}/boards/{'b' * 65}", owner.headers
    )
    assert status == 422 and "board_id" in body["invalidFields"], body
    status, workspace_missing = await _both(
        client, "GET", "/api/v2/workspaces/999999999/boards/b", owner.headers
    )
    assert status == 404
    status, board_missing = await _both(client, "GET", owner.ws("/boards/nope"), owner.headers)
    assert status == 404 and board_missing != workspace_missing
    mine = await board(app, owner)
    for resource in ON_A_BOARD:  # different bodies, the same status
        status, _ = await _answer(
            client, "GET", owner.ws(f"/boards/{mine.id}/{resource}").rstrip("/"), owner.headers
        )
        assert status == 200, resource
