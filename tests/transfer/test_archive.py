"""`openinfinity export` while the server takes writes (the archive is one moment: no comment
of an item the archive lacks), then `openinfinity import` into a fresh instance: the copy reads the
same through the API (ids, values, files); a second import creates nothing; damage is refused."""

from __future__ import annotations

import contextlib
import io
import json
import os
import pty
import subprocess
import tarfile
import threading
from pathlib import Path
from typing import Any

import httpx

from tests.servers import CLI, run_cli, running_server
from tests.transfer.compare import differences, snapshot, without_hook_state
from tests.transfer.conftest import demo, enrich, target_token


def _lines(archive: Path, name: str) -> list[dict[str, Any]]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile(name)
        assert member is not None
        return [json.loads(line) for line in member.read().splitlines() if line.strip()]


def _burst(base: str, token: str, workspace_id: int, stop: threading.Event) -> None:
    """Items and then a comment on each, until stopped (each its own request and transaction)."""
    ws = f"/api/v2/workspaces/{workspace_id}"
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
        board = http.get(f"{ws}/boards").json()["data"][0]["id"]
        folder = http.get(f"{ws}/boards/{board}/folders").json()["data"][0]["id"]
        while not stop.is_set():
            item = http.post(f"{ws}/boards/{board}/items", json={"folder_id": folder, "values": []})
            if item.status_code in (200, 201):
                http.post(f"{ws}/boards/{board}/items/{item.json()['id']}/comments", json={"text": "later"})


def test_export_while_writing_then_import_elsewhere_round_trips(instances: Any, tmp_path: Path) -> None:
    source = instances("source", OPENINFINITY_RATE_LIMIT="off", OPENINFINITY_ALLOW_PRIVATE_URLS="true")
    target = instances("target", OPENINFINITY_RATE_LIMIT="off")
    made = demo(source, tmp_path)
    auth = {"Authorization": f"Bearer {made['token']}"}
    during, quiet = tmp_path / "during.tar.gz", tmp_path / "quiet.tar"
    with running_server(source.env, tmp_path, log=tmp_path / "source.log") as base:
        enrich(base, made["token"], made["workspace_id"])
        stop = threading.Event()
        writer = threading.Thread(target=_burst, args=(base, made["token"], made["workspace_id"], stop))
        writer.start()
        try:
            exported = run_cli(
                ["export", "--workspace", str(made["workspace_id"]), str(during)], source.env, tmp_path
            )
        finally:
            stop.set()
            writer.join()
        assert exported.returncode == 0, exported.stderr
        manifest = json.loads(exported.stdout)
        items = {i["id"] for i in _lines(during, "items.jsonl")}
        comments = _lines(during, "comments.jsonl")
        assert len(items) == manifest["counts"]["item"]
        assert all(c["item_id"] in items for c in comments), "a comment of an item the archive lacks"

        again = run_cli(
            ["export", "--workspace", str(made["workspace_id"]), str(quiet)], source.env, tmp_path
        )
        assert again.returncode == 0, again.stderr
        expected = snapshot(base, made["token"], made["workspace_id"])
        owner = httpx.get(f"{base}/api/v2/profile", headers=auth).json()["email"]
        name = httpx.get(f"{base}/api/v2/workspaces/{made['workspace_id']}", headers=auth).json()["name"]

    imported = run_cli(["import", str(quiet)], target.env, tmp_path)
    assert imported.returncode == 0, imported.stderr
    report = json.loads(imported.stdout)
    assert report["not_copied"] == [] and report["remapped"] == []
    assert report["created"]["item"] == json.loads(again.stdout)["counts"]["item"]
    repeat = json.loads(run_cli(["import", str(quiet)], target.env, tmp_path).stdout)
    assert repeat["created"] == {} and repeat["skipped"]["item"] == report["created"]["item"]

    token = target_token(target, tmp_path, owner, name)
    with running_server(target.env, tmp_path, log=tmp_path / "target.log") as copy:
        copied = snapshot(copy, token, report["workspace_id"])
    diff = differences(without_hook_state(expected), without_hook_state(copied))
    assert diff == [], "\n".join(diff)


def test_damaged_or_foreign_archives_are_refused(instances: Any, tmp_path: Path) -> None:
    source = instances("source")
    made = demo(source, tmp_path)
    archive = tmp_path / "w.tar"
    assert (
        run_cli(
            ["export", "--workspace", str(made["workspace_id"]), str(archive)], source.env, tmp_path
        ).returncode
        == 0
    )
    again = run_cli(["export", "--workspace", str(made["workspace_id"]), str(archive)], source.env, tmp_path)
    assert (
        again.returncode == 1 and again.stderr.strip() == f"error: {archive} exists; choose a new file name"
    )

    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member) if member.isfile() else None
            if member.name == "items.jsonl" and data is not None:
                content = data.read().replace(b'"sort_order"', b'"sort_ordeR"', 1)
                member.size = len(content)
                copy.addfile(member, _bytes(content))
            else:
                copy.addfile(member, data)
    refused = run_cli(["import", str(damaged)], source.env, tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: the archive is damaged: items.jsonl does not match its checksum"

    missing = run_cli(["import", str(tmp_path / "nope.tar")], source.env, tmp_path)
    assert missing.stderr.strip() == f"error: no archive at {tmp_path / 'nope.tar'}"
    into_nothing = run_cli(["import", str(archive), "--into", "999"], source.env, tmp_path)
    assert into_nothing.returncode == 1
    assert into_nothing.stderr.strip() == "error: Workspace 999 does not exist here."
    unknown = run_cli(["export", "--workspace", "999", str(tmp_path / "x.tar")], source.env, tmp_path)
    assert unknown.stderr.strip() == "error: workspace 999 does not exist"

    # Into the workspace it came from: every id is taken, so everything is copied under new ids;
    # on a terminal the progress and a summary are shown.
    done, shown = _in_terminal(
        ["import", str(archive), "--into", str(made["workspace_id"])], source.env, tmp_path
    )
    assert done.returncode == 0, shown
    report = json.loads(done.stdout)
    assert report["created"]["item"] == len([r for r in report["remapped"] if r["kind"] == "item"])
    assert "import · " in shown and "items " in shown
    assert f"item: {report['created']['item']} copied" in shown and "ids were taken here and changed" in shown
    assert source.count("SELECT count(*) FROM items") == 2 * report["created"]["item"]


def _in_terminal(
    args: list[str], env: dict[str, str], cwd: Path
) -> tuple[subprocess.CompletedProcess[str], str]:
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [*CLI, *args],
            env={**env, "COLUMNS": "200"},
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=300,
            check=False,
            text=True,
        )
        os.close(follower)
        shown = b""
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 65536):
                shown += chunk
    finally:
        os.close(leader)
    return done, shown.decode(errors="replace")


def _bytes(content: bytes) -> io.BytesIO:
    return io.BytesIO(content)
