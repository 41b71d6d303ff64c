"""The one request dependency below a board (boards/deps.board_request, used by the items routes)
answers exactly like the dependency chain it replaces (router scope_guard + CurrentBoard, still
used by the folders routes): 401, then 403, then 422 for a path id too long, then 404 workspace,
then 404 board, with the same bodies."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests import factories
from tests.factories import Account
from tests.factories_boards import board

LONG_WORKSPACE = "9" * 40
# The new form (items) and the chain (folders): the same answers, case by case.
RESOURCES = ["items", "folders"]


async def _answer(
    client: httpx.AsyncClient, method: str, path: str, headers: dict[str, str]
) -> tuple[int, Any]:
    body = {"name": "x"} if method == "POST" else None
    response = await client.request(method, path, json=body, headers=headers)
    return response.status_code, response.json()


async def _both(
    client: httpx.AsyncClient, method: str, base: str, headers: dict[str, str]
) -> tuple[int, Any]:
    """The answer of both forms, after checking they agree."""
    answers = [await _answer(client, method, f"{base}/{resource}", headers) for resource in RESOURCES]
    assert answers[0] == answers[1], answers
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
    status, _ = await _both(client, "GET", owner.ws(f"/boards/{mine.id}"), owner.headers)
    assert status == 200
