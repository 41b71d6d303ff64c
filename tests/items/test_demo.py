"""The demo workspace: the seed's Vacation Planning board with items listable at once."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi import FastAPI

from openinfinity.demo.loader import load
from tests.factories_attachments import install_runtime


async def test_demo_loads_and_lists(client: httpx.AsyncClient, app: FastAPI, tmp_path: Path) -> None:
    previous = getattr(app.state, "attachments", None)
    runtime = install_runtime(app, tmp_path / "files")
    password_file = tmp_path / "demo_password"
    async with app.state.db.transaction() as session:
        account = await load(session, runtime, password_file=password_file)
    headers = {"Authorization": f"Bearer {account.token}"}
    base = f"/api/v2/workspaces/{account.workspace_id}"
    boards = (await client.get(f"{base}/boards", headers=headers)).json()["data"]
    board = next(b for b in boards if b["name"] == "Vacation Planning")
    assert board["color"] == "#4eb4f9"
    folders = (await client.get(f"{base}/boards/{board['id']}/folders", headers=headers)).json()["data"]
    assert {f["name"] for f in folders} == {"Preparation", "What to See in Barcelona", "Restaurants"}
    response = await client.get(
        f"{base}/boards/{board['id']}/items",
        params={"limit": 100, "expand[]": "values.attribute"},
        headers=headers,
    )
    assert response.status_code == 200
    items = response.json()["data"]
    names = {v["data"] for i in items for v in i["values"] if v["attribute"]["name"] == "Name"}
    assert {"Pack the suitcase", "Park Güell", "Sagrada Família"} <= names
    suitcase = next(i for i in items if any(v["data"] == "Pack the suitcase" for v in i["values"]))
    checklist = next(v["data"] for v in suitcase["values"] if v["attribute"]["type"] == "checklist")
    assert [c["name"] for c in checklist][:2] == ["6 T-shirts", "3 skirts"]
    found = (
        await client.get(f"{base}/boards/{board['id']}/items", params={"q": "gaudí"}, headers=headers)
    ).json()
    assert len(found["data"]) == 2
    # Loading again reuses the workspace (no duplicate board).
    async with app.state.db.transaction() as session:
        again = await load(session, runtime, password_file=password_file)
    app.state.attachments = previous
    assert again.workspace_id == account.workspace_id
    assert again.password == account.password == password_file.read_text().strip()
