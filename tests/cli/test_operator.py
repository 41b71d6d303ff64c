"""The operator's CLI contract: one `error:` line and exit 1 on failure, the database found
whatever the working directory, never an empty database made by mistake, members, config."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.servers import cli_env, cli_json, run_cli


def error_only(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), stderr
    return lines[0]


def test_version(tmp_path: Path) -> None:
    result = run_cli(["--version"], cli_env("sqlite:///unused.db"), tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("openinfinity 0.")


def test_database_in_the_data_dir_is_found_from_any_directory(tmp_path: Path) -> None:
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = cli_env("", OPENINFINITY_DATA_DIR=str(data))
    del env["OPENINFINITY_DATABASE_URL"]
    made = cli_json(
        ["bootstrap", "--email", "op@example.com", "--name", "Op", "--workspace", "W"], env, tmp_path
    )
    assert (data / "openinfinity.db").exists() and isinstance(made, dict)
    listed = cli_json(["token", "list", "--email", "op@example.com"], env, elsewhere)
    assert isinstance(listed, list) and len(listed) == 1
    assert not (elsewhere / "data").exists()


def test_a_missing_database_is_one_line_and_never_created(tmp_path: Path) -> None:
    env = cli_env("", OPENINFINITY_DATA_DIR=str(tmp_path / "nothing-here"))
    del env["OPENINFINITY_DATABASE_URL"]
    for args in (
        ["token", "list", "--email", "a@example.com"],
        ["token", "create", "--email", "a@example.com"],
    ):
        result = run_cli(args, env, tmp_path)
        assert result.returncode == 1
        assert "no database at" in error_only(result.stderr) and "run openinfinity migrate" in result.stderr
    assert not (tmp_path / "nothing-here").exists() and not (tmp_path / "data").exists()


def test_database_option_overrides(tmp_path: Path) -> None:
    db = tmp_path / "chosen.db"
    env = cli_env("sqlite:///somewhere-else.db")
    boot = ["--database", str(db), "bootstrap", "--email", "o@example.com", "--name", "O", "--workspace", "W"]
    assert isinstance(cli_json(boot, env, tmp_path), dict)
    listed = cli_json(["--database", str(db), "token", "list", "--email", "o@example.com"], env, tmp_path)
    assert isinstance(listed, list) and len(listed) == 1


def test_failures_are_one_line_and_debug_shows_the_traceback(tmp_path: Path) -> None:
    env = cli_env("postgresql://nobody@127.0.0.1:9/none")
    result = run_cli(["token", "list", "--email", "a@example.com"], env, tmp_path)
    assert result.returncode == 1 and "--debug" in error_only(result.stderr)
    debug = run_cli(["--debug", "token", "list", "--email", "a@example.com"], env, tmp_path)
    assert debug.returncode == 1 and "Traceback" in debug.stderr
    bad_setting = run_cli(["config"], {**env, "OPENINFINITY_PORT": "eighty"}, tmp_path)
    assert bad_setting.returncode == 1
    assert error_only(bad_setting.stderr).startswith("error: invalid setting OPENINFINITY_PORT")


def test_one_email_rule_for_cli_and_api(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'e.db'}")
    for args in (
        ["bootstrap", "--email", "notanemail", "--name", "N", "--workspace", "W"],
        ["user", "create", "--email", "bad", "--name", "N", "--password", "long enough password"],
    ):
        result = run_cli(args, env, tmp_path)
        assert result.returncode == 1
        assert error_only(result.stderr) == "error: The email field must be a valid email address."


def test_member_add_list_role_remove(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'm.db'}")
    owner = cli_json(
        ["bootstrap", "--email", "boss@example.com", "--name", "B", "--workspace", "W"], env, tmp_path
    )
    assert isinstance(owner, dict)
    ws = str(owner["workspace_id"])
    added = cli_json(["member", "add", "--workspace", ws, "--email", "New@Example.com"], env, tmp_path)
    assert added == {**added, "email": "new@example.com", "role": "full-member", "pending": True}
    changed = cli_json(
        ["member", "role", "--workspace", ws, "--email", "new@example.com", "--role", "admin"], env, tmp_path
    )
    assert isinstance(changed, dict) and changed["role"] == "admin"
    listed = cli_json(["member", "list", "--workspace", ws], env, tmp_path)
    assert isinstance(listed, list)
    assert {(m["email"], m["role"]) for m in listed} == {
        ("boss@example.com", "owner"),
        ("new@example.com", "admin"),
    }
    owner_out = run_cli(["member", "remove", "--workspace", ws, "--email", "boss@example.com"], env, tmp_path)
    assert owner_out.returncode == 1 and "owner cannot be removed" in error_only(owner_out.stderr)
    cli_json(["member", "remove", "--workspace", ws, "--email", "new@example.com"], env, tmp_path)
    remaining = cli_json(["member", "list", "--workspace", ws], env, tmp_path)
    assert isinstance(remaining, list) and [m["email"] for m in remaining] == ["boss@example.com"]
    bad = run_cli(["member", "add", "--workspace", ws, "--email", "nope"], env, tmp_path)
    assert bad.returncode == 1 and "valid email" in error_only(bad.stderr)
    # The workspace's audit log names the operator's commands as such.
    with sqlite3.connect(tmp_path / "m.db") as db:
        audited = db.execute("SELECT action, actor_kind FROM audit_log ORDER BY id").fetchall()
    assert audited == [
        ("member.invited", "system"),
        ("member.role_changed", "system"),
        ("member.removed", "system"),
    ]


def test_config_prints_resolved_settings_with_secrets_masked(tmp_path: Path) -> None:
    env = cli_env(
        "postgresql://app:hunter2@db.internal/openinfinity",
        OPENINFINITY_SECRET_KEY="top-secret",
        OPENINFINITY_DATA_DIR=str(tmp_path / "d"),
    )
    result = run_cli(["config"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert "hunter2" not in result.stdout and "top-secret" not in result.stdout
    assert shown["secret_key"] == "***" and shown["database_url"].endswith("app:***@db.internal/openinfinity")
    assert shown["data_dir"] == str(tmp_path / "d")


def test_usage_errors_are_one_line_too(tmp_path: Path) -> None:
    env = cli_env(f"sqlite:///{tmp_path / 'u.db'}")
    for args, expected in (
        (["token", "create"], "error: Missing option '--email'. (see --help)"),
        (["serve", "--workers", "0"], "error: Invalid value for '--workers'"),
        (["no-such-command"], "error: No such command 'no-such-command'."),
    ):
        result = run_cli(args, env, tmp_path)
        assert result.returncode == 2
        assert error_only(result.stderr).startswith(expected)
