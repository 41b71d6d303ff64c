"""The operator's CLI, run as a subprocess against a temporary SQLite database; scripts parse its
JSON, so the tests do too."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from openinfinity.auth import tokens
from openinfinity.cli.main import app as cli
from openinfinity.core.migrate import upgrade

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _start(db: Path, args: tuple[str, ...]) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "OPENINFINITY_DATABASE_URL": f"sqlite:///{db}",
        "OPENINFINITY_PUBLIC_URL": "https://oi.example.com",
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    return subprocess.Popen(
        [sys.executable, "-c", "from openinfinity.cli.main import app; app()", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=db.parent,
    )


def run_many(db: Path, *commands: tuple[str, ...]) -> list[tuple[int, str, str]]:
    """Independent commands at once (each is a separate process on the same database)."""
    processes = [_start(db, args) for args in commands]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    return results


def run_json(db: Path, *args: str) -> Any:
    [(code, out, err)] = run_many(db, args)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database: only serve, migrate, bootstrap and demo create one."""
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


def in_process(db: Path, monkeypatch: pytest.MonkeyPatch, *args: str, ok: bool = True) -> Result:
    """The same commands in-process (failure paths and extras), to keep the suite fast."""
    monkeypatch.setenv("OPENINFINITY_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("OPENINFINITY_PUBLIC_URL", "https://oi.example.com")
    result = CliRunner().invoke(cli, list(args))
    assert (result.exit_code == 0) == ok, result.output
    return result


def test_operator_commands_as_subprocesses(db: Path) -> None:
    user = run_json(
        db, "user", "create", "--email", "Op@Example.com", "--name", "Op", "--password", "pw-1234567"
    )
    assert user["email"] == "op@example.com" and user["has_password"] and not user["is_instance_admin"]
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM users WHERE email = 'op@example.com'").fetchone()
    assert stored.startswith("$argon2id$") and "pw-1234567" not in stored

    promoted, boot, missing = run_many(
        db,
        ("user", "promote", "--email", "op@example.com"),
        ("bootstrap", "--email", "op@example.com", "--name", "Operator", "--workspace", "Ops"),
        ("user", "invite-link", "--email", "nobody@example.com"),
    )
    assert promoted[0] == 0 and json.loads(promoted[1])["is_instance_admin"] is True
    workspace_id = json.loads(boot[1])["workspace_id"]
    assert missing[0] == 1 and "No user" in missing[2] and missing[1] == ""

    token_run, confidential_run, public_run, link_run = run_many(
        db,
        (
            "token", "create", "--email", "op@example.com", "--name", "deploy",
            "--scopes", "read,write,admin", "--workspace", str(workspace_id), "--expires-in", "30",
        ),
        ("oauth-client", "create", "--name", "Sync", "--redirect-uri", "https://a.example.com/cb"),
        ("oauth-client", "create", "--name", "Cli", "--redirect-uri", "http://127.0.0.1:7/cb", "--public"),
        ("user", "invite-link", "--email", "op@example.com"),
    )  # fmt: skip
    token = json.loads(token_run[1])
    assert token["token"].startswith("oi_pat_") and isinstance(token["id"], int)
    assert token["scopes"] == ["read", "write", "admin"]
    assert token["workspace_id"] == workspace_id and token["expires_at"].endswith("Z")
    confidential = json.loads(confidential_run[1])
    assert confidential["client_id"] and confidential["client_secret"].startswith("oi_cs_")
    public = json.loads(public_run[1])
    assert public["public"] is True and public["client_id"] and "client_secret" not in public
    link = json.loads(link_run[1])
    assert link["url"].startswith("https://oi.example.com/invitations/oi_inv_")

    # Secrets are stored as hashes only.
    with sqlite3.connect(db) as conn:
        (digest,) = conn.execute(
            "SELECT token_hash FROM access_tokens WHERE id = ?", (token["id"],)
        ).fetchone()
        (secret_hash,) = conn.execute(
            "SELECT secret_hash FROM oauth_clients WHERE client_id = ?", (confidential["client_id"],)
        ).fetchone()
    assert digest == tokens.hash_token(token["token"])
    assert secret_hash == tokens.hash_token(confidential["client_secret"])


def test_failures_and_extras(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def json_of(*args: str) -> Any:
        return json.loads(in_process(db, monkeypatch, *args).stdout)

    json_of("user", "create", "--email", "second@example.com", "--name", "Second", "--password", "pw-1234567")
    duplicate = in_process(
        db, monkeypatch, "user", "create", "--email", "SECOND@example.com",
        "--name", "X", "--password", "pw-12345678", ok=False,
    )  # fmt: skip
    assert "already been taken" in duplicate.output
    weak = in_process(
        db,
        monkeypatch,
        "user",
        "create",
        "--email",
        "w@example.com",
        "--name",
        "W",
        "--password",
        "123",
        ok=False,
    )
    assert "at least 8" in weak.output
    reset = json_of("user", "set-password", "--email", "second@example.com", "--password", "another-pw")
    assert reset["has_password"] is True

    other = json_of("bootstrap", "--email", "else@example.com", "--name", "Else", "--workspace", "Theirs")
    default = json_of("token", "create", "--email", "second@example.com")
    assert default["scopes"] == ["read", "write", "members", "hooks"] and default["expires_at"] is None
    foreign = in_process(
        db, monkeypatch, "token", "create", "--email", "second@example.com",
        "--workspace", str(other["workspace_id"]), ok=False,
    )  # fmt: skip
    assert "workspace you belong to" in foreign.output
    admin_scope = in_process(
        db, monkeypatch, "token", "create", "--email", "second@example.com", "--scopes", "admin", ok=False
    )
    assert "instance administrators" in admin_scope.output
    unknown_scope = in_process(
        db, monkeypatch, "token", "create", "--email", "second@example.com", "--scopes", "read,root", ok=False
    )
    assert "scopes" in unknown_scope.output
    listed = json_of("token", "list", "--email", "second@example.com")
    assert [t["id"] for t in listed] == [default["id"]] and default["token"] not in json.dumps(listed)
    bad_uri = in_process(
        db, monkeypatch, "oauth-client", "create", "--name", "Bad", "--redirect-uri", "http://a.example.com/cb",
        "--owner", "second@example.com", ok=False,
    )  # fmt: skip
    assert "https" in bad_uri.output
