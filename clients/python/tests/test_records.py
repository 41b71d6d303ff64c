"""The openinfinity endpoints added after the first release of the SDK: item history, the audit
log (workspace and admin), time tracking, CSV export and import; checked against the real server
by reading back what they changed."""

from __future__ import annotations

import asyncio
import io
import json
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from infinity_client import AsyncClient, Client, NotFound, ValidationError
from sdk_testing import BoardSetup, Server


def test_item_history_and_the_audit_logs(client: Client, server: Server, board: BoardSetup) -> None:
    item = client.items.create(board.board, folder=board.folder, values={"Name": "draft", "Estimate": 1})
    client.items.update(item, values={"Name": "final"})
    changes = list(client.history.item(item, sort_direction="asc"))
    assert [c.action for c in changes][0] == "item.created"
    names = list(client.history.item(item, attribute=board_attribute(client, board, "Name")))
    assert [(c.old, c.new) for c in names] == [("draft", "final"), (None, "draft")]
    assert all(c.actor.user_id == server.user_id and c.actor.via == "personal" for c in names)
    assert client.history.item(item).total() == len(changes)
    updates = list(client.history.item(item, action="value.updated"))
    assert [c.new for c in updates] == ["final"]

    client.members.invite(f"audit-{uuid.uuid4().hex[:6]}@example.com")
    entries = list(client.history.audit(action="member."))
    assert entries and all(e.action.startswith("member.") for e in entries)
    assert entries[0].workspace_id == server.workspace and entries[0].actor.user_id == server.user_id

    server.cli("user", "promote", "--email", "sdk@example.com")
    issued = server.cli("token", "create", "--email", "sdk@example.com", "--scopes", "admin")
    with Client(json.loads(issued)["token"], base_url=server.base_url) as admin:
        seen = [e.id for e in admin.admin.audit(server.workspace, action="member.")]
        assert seen == [e.id for e in entries]
        with pytest.raises(NotFound):
            list(admin.admin.audit(10**9))


def board_attribute(client: Client, board: BoardSetup, name: str) -> str:
    return client.attributes.schema(board.board).attribute(name).id


def test_time_tracking(client: Client, board: BoardSetup) -> None:
    tracked = client.attributes.create(board.board, name="Tracked", type="time_tracking")
    item = client.items.create(board.board, folder=board.folder, values={"Name": "work"})
    entry = client.time_tracking.start(item, tracked, description="first")
    assert entry.ended_at is None and entry.description == "first" and entry.item_id == item.id
    assert client.time_tracking.get(board.board, entry.id) == entry
    started = datetime.fromisoformat(entry.started_at.replace("Z", "+00:00"))
    time.sleep(1.2)  # an entry cannot end in the future
    ended = client.time_tracking.update(board.board, entry, ended_at=started + timedelta(seconds=1))
    assert ended.ended_at is not None
    read = client.items.get(board.board, item.id, expand=["values"])
    assert read.values["Tracked"] == 1
    renamed = client.time_tracking.update(board.board, entry, description="done")
    assert renamed.description == "done" and renamed.ended_at == ended.ended_at
    with pytest.raises(ValidationError) as refused:
        client.time_tracking.update(board.board, entry, ended_at=datetime.now(UTC) + timedelta(days=1))
    assert refused.value.invalid_fields == ["ended_at"]
    assert client.time_tracking.delete(board.board, entry).deleted
    with pytest.raises(NotFound):
        client.time_tracking.get(board.board, entry.id)
    assert client.items.get(board.board, item.id, expand=["values"]).values["Tracked"] == 0


def test_csv_export_and_import(client: Client, board: BoardSetup, tmp_path: Path) -> None:
    for name, estimate in (("alpha", 1), ("beta", 2)):
        client.items.create(board.board, folder=board.folder, values={"Name": name, "Estimate": estimate})
    target = tmp_path / "items.csv"
    size = client.csv.export(board.board, target)
    text = target.read_bytes()
    assert size == len(text) and text.startswith(b"\xef\xbb\xbf")
    assert b"alpha" in text and b"beta" in text
    assert b"".join(client.csv.stream(board.board)) == text
    buffer = io.BytesIO()
    client.csv.export(board.board, buffer)
    assert buffer.getvalue() == text

    sheet = b"Title,Estimate,Status\ngamma,3,Todo\nalpha,5,Shipped\n"
    mapping = {"Title": "Name"}
    dry = client.csv.import_file(board.board, sheet, mapping=mapping, match="Name", dry_run=True,
                                 create_labels=True)  # fmt: skip
    assert (dry.dry_run, dry.rows, dry.created, dry.updated) == (True, 2, 1, 1)
    assert [label.name for label in dry.new_labels] == ["Shipped"]
    assert len(list(client.items.list(board.board))) == 2  # nothing written

    with pytest.raises(ValidationError) as refused:
        client.csv.import_file(board.board, sheet, mapping=mapping, match="Name")  # no such label
    assert "Shipped" in json.dumps(refused.value.body)
    assert len(list(client.items.list(board.board))) == 2

    done = client.csv.import_file(board.board, sheet, mapping=mapping, match="Name", create_labels=True)
    assert (done.dry_run, done.created, done.updated, len(done.item_ids)) == (False, 1, 1, 2)
    estimates = {
        i.values.text("Name"): i.values["Estimate"] for i in client.items.list(board.board, expand=["values"])
    }
    assert estimates == {"alpha": 5, "beta": 2, "gamma": 3}


def test_the_async_client_streams_the_csv(server: Server, board: BoardSetup) -> None:
    async def run() -> bytes:
        async with AsyncClient(server.token, base_url=server.base_url, workspace=server.workspace) as client:
            return b"".join([chunk async for chunk in client.csv.stream(board.board.id)])

    client_text = asyncio.run(run())
    assert client_text.startswith(b"\xef\xbb\xbf") and b"Name" in client_text
