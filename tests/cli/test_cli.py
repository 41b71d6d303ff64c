"""The operator's commands, run as a user would run them (subprocesses, real database file)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.servers import cli_env, cli_json, run_cli, running_server


def test_bootstrap_prints_one_json_object_and_is_idempotent(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'cli.db'}")
    args = ["bootstrap", "--email", "ops@example.com", "--name", "Ops", "--workspace", "Main"]
    first = run_cli(args, env, tmp_path)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert list(data) == ["user_id", "workspace_id", "token"]
    assert isinstance(data["user_id"], int) and isinstance(data["workspace_id"], int)
    second = cli_json(args, env, tmp_path)
    assert isinstance(second, dict)
    assert second["user_id"] == data["user_id"] and second["workspace_id"] == data["workspace_id"]
    assert second["token"] != data["token"]


def test_bootstrap_with_a_password_makes_an_account_that_can_sign_in(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'cli.db'}")
    args = ["bootstrap", "--email", "pw@example.com", "--name", "Pw", "--workspace", "Main"]
    short = run_cli([*args, "--password", "short"], env, tmp_path)
    assert short.returncode == 1 and "at least 8 characters" in short.stderr
    assert isinstance(cli_json([*args, "--password", "long enough password"], env, tmp_path), dict)
    # `user promote --revoke` changes nothing here and shows the account.
    shown = cli_json(["user", "promote", "--email", "pw@example.com", "--revoke"], env, tmp_path)
    assert isinstance(shown, dict) and shown["has_password"] is True


def test_token_create_list_revoke(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'cli.db'}")
    cli_json(["bootstrap", "--email", "t@example.com", "--name", "T", "--workspace", "W"], env, tmp_path)
    created = cli_json(
        [
            "token",
            "create",
            "--email",
            "t@example.com",
            "--name",
            "ci",
            "--scopes",
            "read",
            "--expires-in",
            "3",
        ],
        env,
        tmp_path,
    )
    assert isinstance(created, dict)
    assert created["token"].startswith("oi_pat_") and created["scopes"] == ["read"]
    assert created["expires_at"].endswith("Z")
    listed = cli_json(["token", "list", "--email", "t@example.com"], env, tmp_path)
    assert isinstance(listed, list)
    assert {t["name"] for t in listed} == {"bootstrap", "ci"}
    assert all("token" not in t for t in listed)
    revoked = cli_json(["token", "revoke", str(created["id"])], env, tmp_path)
    assert isinstance(revoked, dict) and revoked["revoked"] is True
    remaining = cli_json(["token", "list", "--email", "t@example.com"], env, tmp_path)
    assert isinstance(remaining, list) and [t["name"] for t in remaining] == ["bootstrap"]
    unknown = run_cli(["token", "create", "--email", "nobody@example.com"], env, tmp_path)
    assert unknown.returncode == 1 and "nobody@example.com" in unknown.stderr
    again = run_cli(["token", "revoke", str(created["id"])], env, tmp_path)
    assert again.returncode == 1


def test_bootstrap_works_while_the_server_runs(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'live.db'}")
    with running_server(env, tmp_path) as base:
        data = cli_json(
            ["bootstrap", "--email", "live@example.com", "--name", "L", "--workspace", "Live"], env, tmp_path
        )
        assert isinstance(data, dict)
        response = httpx.get(
            f"{base}/api/v2/workspaces", headers={"Authorization": f"Bearer {data['token']}"}
        )
        assert response.status_code == 200
        assert [w["name"] for w in response.json()["data"]] == ["Live"]
        revoked_id = cli_json(["token", "list", "--email", "live@example.com"], env, tmp_path)
        assert isinstance(revoked_id, list)


def test_serve_demo_prints_a_working_token(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'demo.db'}")
    data = cli_json(["demo"], env, tmp_path)
    assert isinstance(data, dict)
    with running_server(env, tmp_path, "--demo") as base:
        response = httpx.get(f"{base}/api/v2/workspaces", headers={"x-api-token": data["token"]})
        assert response.status_code == 200
        assert [w["name"] for w in response.json()["data"]] == ["Customer Success"]


def test_migrate_command(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'fresh' / 'm.db'}")
    result = run_cli(["migrate"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "fresh" / "m.db").exists()
