from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
import orjson
from fastapi import FastAPI
from sqlalchemy import select, update
from typer.testing import CliRunner

from openinfinity.attachments.gc import collect_garbage
from openinfinity.cli.main import app as cli
from openinfinity.core.models import utcnow
from openinfinity.files.models import Attachment
from openinfinity.files.runtime import AttachmentsRuntime
from tests import factories
from tests.factories_attachments import files_board, item_with, relative, upload


async def _uploaded(client: httpx.AsyncClient, owner: factories.Account, name: str) -> dict[str, object]:
    response = await upload(client, owner, name.encode() * 10, name=name)
    assert response.status_code == 201
    body: dict[str, object] = response.json()
    return body


async def _age(app: FastAPI, ids: list[int], hours: int) -> None:
    async with app.state.db.transaction() as session:
        await session.execute(
            update(Attachment)
            .where(Attachment.id.in_(ids))
            .values(created_at=utcnow() - timedelta(hours=hours))
        )


async def _remaining(app: FastAPI, ids: list[int]) -> set[int]:
    async with app.state.db.transaction(write=False) as session:
        return set(await session.scalars(select(Attachment.id).where(Attachment.id.in_(ids))))


async def test_gc_removes_only_old_unreferenced_attachments(
    app: FastAPI,
    client: httpx.AsyncClient,
    owner: factories.Account,
    runtime: AttachmentsRuntime,
    files_root: Path,
) -> None:
    used = await _uploaded(client, owner, "used.txt")
    shared = await _uploaded(client, owner, "shared.txt")
    only_deleted = await _uploaded(client, owner, "deleted-item.txt")
    orphan = await _uploaded(client, owner, "orphan.txt")
    fresh = await _uploaded(client, owner, "fresh.txt")
    ids = [int(str(a["id"])) for a in (used, shared, only_deleted, orphan, fresh)]
    used_id, shared_id, deleted_id, orphan_id, fresh_id = ids

    board = await files_board(app, owner)
    await item_with(client, board, [used_id, shared_id])
    # Deleting an item does not take away a file another item still uses.
    deleted_item = await item_with(client, board, [shared_id, deleted_id])
    response = await client.delete(board.url(f"/items/{deleted_item}"), headers=owner.headers)
    assert response.status_code == 200
    await _age(app, [used_id, shared_id, deleted_id, orphan_id], hours=2)

    summary = await collect_garbage(app.state.db, runtime.storage, grace_seconds=3600)

    assert summary.deleted == 2
    assert summary.freed_bytes == len(b"deleted-item.txt") * 10 + len(b"orphan.txt") * 10
    assert summary.storage_errors == []
    assert await _remaining(app, ids) == {used_id, shared_id, fresh_id}
    assert not (files_root / str(orphan["path"])).exists()
    assert not (files_root / str(only_deleted["path"])).exists()
    for kept in (used, shared, fresh):
        assert (await client.get(relative(str(kept["link"])))).status_code == 200
    # A link to a collected attachment no longer works.
    assert (await client.get(relative(str(orphan["link"])))).status_code == 403


async def test_gc_command_prints_a_json_summary(
    app: FastAPI,
    client: httpx.AsyncClient,
    owner: factories.Account,
    runtime: AttachmentsRuntime,
    files_root: Path,
) -> None:
    orphan = await _uploaded(client, owner, "orphan.bin")
    orphan_id = int(str(orphan["id"]))
    await _age(app, [orphan_id], hours=5)
    env = {
        "OPENINFINITY_DATABASE_URL": app.state.settings.database_url,
        "OPENINFINITY_STORAGE_DIR": str(files_root),
    }

    def run(*args: str) -> dict[str, object]:
        result = CliRunner().invoke(cli, ["gc-attachments", *args], env=env)
        assert result.exit_code == 0, result.output
        parsed: dict[str, object] = orjson.loads(result.stdout)
        return parsed

    # The whole database is swept, so other tests' attachments may be counted too.
    dry = await asyncio.to_thread(run, "--dry-run", "--grace", "14400")
    assert dry["dry_run"] is True and dry["grace_seconds"] == 14400
    assert int(str(dry["deleted"])) >= 1
    assert await _remaining(app, [orphan_id]) == {orphan_id}

    # Younger than the grace period given on the command line: kept.
    await asyncio.to_thread(run, "--grace", "36000")
    assert await _remaining(app, [orphan_id]) == {orphan_id}

    summary = await asyncio.to_thread(run, "--grace", "14400")
    assert int(str(summary["deleted"])) >= 1
    assert set(summary) >= {"examined", "deleted", "freed_bytes", "kept_referenced", "kept_recent"}
    assert await _remaining(app, [orphan_id]) == set()
    assert not (files_root / str(orphan["path"])).exists()
