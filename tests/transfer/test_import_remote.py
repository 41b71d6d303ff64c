"""`openinfinity import-remote` against a second real server that allows 5 requests a second:
the import backs off on its 429s, survives being killed mid-way (the rerun resumes and creates
nothing twice), and the two workspaces then read the same through the API: same ids, same values,
same files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from tests.servers import CLI, run_cli, running_server
from tests.transfer.compare import differences, snapshot, without_hook_state
from tests.transfer.conftest import demo, enrich, target_token

ITEMS = "SELECT count(*) FROM transfer_objects WHERE kind = 'item'"


def _import_args(base: str, made: dict[str, Any]) -> list[str]:
    # Our own pace is unlimited here: it is the source's 5/second that must be obeyed.
    return [
        "import-remote",
        "--url",
        base,
        "--token",
        made["token"],
        "--workspace",
        str(made["workspace_id"]),
        "--rate",
        "100000",
    ]


def test_import_remote_backs_off_resumes_after_a_kill_and_copies_everything(
    instances: Any, tmp_path: Path
) -> None:
    source = instances("source", OPENINFINITY_RATE_LIMIT="5/second", OPENINFINITY_ALLOW_PRIVATE_URLS="true")
    target = instances("target")
    made = demo(source, tmp_path)
    with running_server(source.env, tmp_path, log=tmp_path / "source.log") as base:
        enrich(base, made["token"], made["workspace_id"])
        args = _import_args(base, made)
        refused = run_cli(_import_args(base, {**made, "token": "oi_pat_wrong"}), target.env, tmp_path)
        assert refused.returncode == 1
        answered = f"GET /api/v2/workspaces/{made['workspace_id']} with 401: Unauthenticated."
        assert refused.stderr.strip() == f"error: the source answered {answered}"

        # First attempt: killed (SIGKILL, no chance to clean up) once some items are in.
        first = subprocess.Popen(
            [*CLI, *args], env=target.env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        deadline = time.monotonic() + 90
        while first.poll() is None and time.monotonic() < deadline:
            if _safe_count(target, ITEMS) >= 5:
                break
            time.sleep(0.1)
        assert first.poll() is None, first.communicate()
        os.kill(first.pid, signal.SIGKILL)
        first.wait()
        copied_before = target.count(ITEMS)
        assert copied_before >= 5

        # As soon as the rerun holds the run, another client spends the same token's budget for
        # 3 s (5/second is gone within milliseconds of each second): the import meets 429s.
        process = subprocess.Popen(
            [*CLI, *args],
            env=target.env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        holds = f"SELECT count(*) FROM transfer_runs WHERE holder LIKE '%:{process.pid}'"
        deadline = time.monotonic() + 60
        while process.poll() is None and _safe_count(target, holds) == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        _spend_budget(base, made["token"], seconds=3.0)
        out, err = process.communicate(timeout=300)
        second = subprocess.CompletedProcess(process.args, process.returncode, out, err)
        assert second.returncode == 0, second.stderr
        assert second.stderr == ""  # no terminal: no progress, no summary
        report = json.loads(second.stdout)
        assert report["skipped"]["item"] >= copied_before
        assert report["not_copied"] == []
        # The import kept to the source's pace (X-RateLimit-* headers) and, refused with 429
        # while the budget was spent by the other client, waited instead of failing.
        assert report["source_requests"]["rate_limited"] > 0
        assert report["source_requests"]["waited_seconds"] > 1

        # A third run finds everything there: nothing is created twice.
        third = json.loads(run_cli(args, target.env, tmp_path).stdout)
        assert third["created"] == {}
        items_total = target.count("SELECT count(*) FROM items")
        assert items_total == source.count("SELECT count(*) FROM items")
        assert target.count("SELECT count(*) FROM item_values") == source.count(
            "SELECT count(*) FROM item_values"
        )

        time.sleep(1.1)  # a fresh second of the source's budget for the two reads below
        owner = httpx.get(
            f"{base}/api/v2/profile", headers={"Authorization": f"Bearer {made['token']}"}
        ).json()
        workspace = httpx.get(
            f"{base}/api/v2/workspaces/{made['workspace_id']}",
            headers={"Authorization": f"Bearer {made['token']}"},
        ).json()
        expected = snapshot(base, made["token"], made["workspace_id"])

    token = target_token(target, tmp_path, owner["email"], workspace["name"])
    with running_server(target.env, tmp_path, log=tmp_path / "target.log") as copy:
        copied = snapshot(copy, token, report["workspace_id"])
        members = httpx.get(
            f"{copy}/api/v2/workspaces/{report['workspace_id']}/members",
            params={"expand[]": "membership"},
            headers={"Authorization": f"Bearer {token}"},
        ).json()["data"]
    diff = differences(without_hook_state(expected), without_hook_state(copied))
    assert diff == [], "\n".join(diff)
    # Hooks come over switched off; members unknown here were created as invited users.
    assert all(not active for b in copied["boards"].values() for active in b["hooks_active"])
    assert any(b["hooks"] for b in copied["boards"].values())
    assert all(m["membership"]["pending"] for m in members if m["email"] != owner["email"])


def _spend_budget(base: str, token: str, *, seconds: float) -> None:
    end = time.monotonic() + seconds
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}) as http:
        while time.monotonic() < end:
            http.get("/api/v2/profile")


def _safe_count(instance: Any, sql: str) -> int:
    try:
        return int(instance.count(sql))
    except Exception:  # the table may be locked or not yet written; look again
        return 0
