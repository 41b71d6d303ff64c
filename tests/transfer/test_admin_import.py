"""The admin API's import job: started with one call, its progress read over the API while it
runs, a second start for the same workspace refused (409) while it runs, the copy complete once
it is done; bad input is a 422 that starts nothing."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx

from tests.servers import cli_json, running_server
from tests.transfer.compare import differences, snapshot, without_hook_state
from tests.transfer.conftest import demo, target_token


def _admin_token(target: Any, cwd: Path) -> str:
    user = [
        "user",
        "create",
        "--email",
        "ops@example.com",
        "--name",
        "Ops",
        "--password",
        "s3cret-pass!",
        "--admin",
    ]
    cli_json(user, target.env, cwd)
    made = cli_json(
        ["token", "create", "--email", "ops@example.com", "--scopes", "read,write,admin"], target.env, cwd
    )
    assert isinstance(made, dict)
    return str(made["token"])


def test_admin_import_job_reports_progress_and_runs_once_per_workspace(
    instances: Any, tmp_path: Path
) -> None:
    source = instances("source", OPENINFINITY_RATE_LIMIT="off")
    # The source listens on 127.0.0.1: allowed here, refused by default (test_admin_import_input).
    target = instances("target", OPENINFINITY_RATE_LIMIT="off", OPENINFINITY_ALLOW_PRIVATE_URLS="true")
    made = demo(source, tmp_path)
    admin = {"Authorization": f"Bearer {_admin_token(target, tmp_path)}"}
    with (
        running_server(source.env, tmp_path, log=tmp_path / "source.log") as base,
        running_server(target.env, tmp_path, log=tmp_path / "target.log") as copy,
    ):
        body = {
            "url": base,
            "token": made["token"],
            "workspace_id": str(made["workspace_id"]),
            # The pace is a wait, not a check (tests/transfer/test_pacing proves it): 20 requests a
            # second still leave the job running for the 409 below (it needs dozens of requests).
            "rate_per_minute": 1200,
        }
        with httpx.Client(base_url=copy, headers=admin, timeout=30) as http:
            bad = http.post("/api/v2/admin/imports", json={**body, "url": "ftp://x"})
            assert bad.status_code == 422 and bad.json()["code"] == "general/invalid-fields"
            plain = http.post(
                "/api/v2/admin/imports", json=body, headers={"Authorization": f"Bearer {made['token']}"}
            )
            assert plain.status_code in (401, 403)

            started = http.post("/api/v2/admin/imports", json=body)
            assert started.status_code == 202, started.text
            job = started.json()
            assert job["object"] == "import" and job["status"] == "running"
            again = http.post("/api/v2/admin/imports", json=body)
            assert again.status_code == 409 and again.json()["code"] == "transfer/import-running"

            seen_progress = False
            deadline = time.monotonic() + 180
            while True:
                state = http.get(f"/api/v2/admin/imports/{job['id']}").json()
                seen_progress |= bool(state["progress"].get("done"))
                if state["status"] != "running" or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            assert state["status"] == "done", state
            assert seen_progress and state["progress"]["requests"] > 0
            assert state["report"]["created"]["item"] > 0 and state["report"]["not_copied"] == []
            assert http.get("/api/v2/admin/imports/nope").status_code == 404

        auth = {"Authorization": f"Bearer {made['token']}"}
        owner = httpx.get(f"{base}/api/v2/profile", headers=auth).json()["email"]
        name = httpx.get(f"{base}/api/v2/workspaces/{made['workspace_id']}", headers=auth).json()["name"]
        expected = snapshot(base, made["token"], made["workspace_id"])
        token = target_token(target, tmp_path, owner, name)
        copied = snapshot(copy, token, state["workspace_id"])
    diff = differences(without_hook_state(expected), without_hook_state(copied))
    assert diff == [], "\n".join(diff)
