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

from openinfinity.auth import tokens

SRC = str(Path(__file__).resolve().parents[2] / "src")


def run(db: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "OPENINFINITY_DATABASE_URL": f"sqlite:///{db}",
        "OPENINFINITY_PUBLIC_URL": "https://oi.example.com",
        "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    result = subprocess.run(
        [sys.executable, "-c", "from openinfinity.cli.main import app; app()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=db.parent,
    )
    assert (result.returncode == 0) == ok, result.stderr
    return result


def run_json(db: Path, *args: str) -> Any:
    return json.loads(run(db, *args).stdout)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli") / "cli.db"


def test_user_token_and_client_commands(db: Path) -> None:
    user = run_json(
        db, "user", "create", "--email", "Op@Example.com", "--name", "Operator", "--password", "pw-123456"
    )
    assert user["email"] == "op@example.com" and user["has_password"] and not user["is_instance_admin"]
    duplicate = run(
        db, "user", "create", "--email", "op@example.com", "--name", "X", "--password", "pw-123456", ok=False
    )
    assert "already been taken" in duplicate.stderr
    weak = run(
        db, "user", "create", "--email", "weak@example.com", "--name", "W", "--password", "123", ok=False
    )
    assert "at least 8" in weak.stderr

    promoted = run_json(db, "user", "promote", "--email", "op@example.com")
    assert promoted["is_instance_admin"] is True
    reset = run_json(db, "user", "set-password", "--email", "op@example.com", "--password", "another-pw")
    assert reset["has_password"] is True
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT password_hash FROM users WHERE email = 'op@example.com'").fetchone()
    assert stored.startswith("$argon2id$") and "another-pw" not in stored

    boot = run_json(db, "bootstrap", "--email", "op@example.com", "--name", "Operator", "--workspace", "Ops")
    other = run_json(
        db, "bootstrap", "--email", "else@example.com", "--name", "Else", "--workspace", "Theirs"
    )

    token = run_json(
        db, "token", "create", "--email", "op@example.com", "--name", "deploy",
        "--scopes", "read,write,admin", "--workspace", str(boot["workspace_id"]), "--expires-in", "30",
    )  # fmt: skip
    assert token["token"].startswith("oi_pat_") and isinstance(token["id"], int)
    assert token["scopes"] == ["read", "write", "admin"]
    assert token["workspace_id"] == boot["workspace_id"] and token["expires_at"].endswith("Z")
    with sqlite3.connect(db) as conn:
        (digest,) = conn.execute(
            "SELECT token_hash FROM access_tokens WHERE id = ?", (token["id"],)
        ).fetchone()
    assert digest == tokens.hash_token(token["token"])
    default = run_json(db, "token", "create", "--email", "op@example.com")
    assert default["scopes"] == ["read", "write", "members", "hooks"]
    foreign = run(
        db,
        "token",
        "create",
        "--email",
        "op@example.com",
        "--workspace",
        str(other["workspace_id"]),
        ok=False,
    )
    assert "workspace you belong to" in foreign.stderr
    unknown_scope = run(db, "token", "create", "--email", "op@example.com", "--scopes", "read,root", ok=False)
    assert "scopes" in unknown_scope.stderr
    listed = run_json(db, "token", "list", "--email", "op@example.com")
    assert token["token"] not in json.dumps(listed) and {t["id"] for t in listed} >= {token["id"]}

    confidential = run_json(
        db, "oauth-client", "create", "--name", "Sync", "--redirect-uri", "https://a.example.com/cb"
    )
    assert confidential["client_id"] and confidential["client_secret"].startswith("oi_cs_")
    public = run_json(
        db,
        "oauth-client",
        "create",
        "--name",
        "Desktop",
        "--redirect-uri",
        "http://127.0.0.1:7777/cb",
        "--public",
    )
    assert public["public"] is True and "client_secret" not in public
    with sqlite3.connect(db) as conn:
        (secret_hash,) = conn.execute(
            "SELECT secret_hash FROM oauth_clients WHERE client_id = ?", (confidential["client_id"],)
        ).fetchone()
    assert secret_hash == tokens.hash_token(confidential["client_secret"])
    bad_uri = run(
        db, "oauth-client", "create", "--name", "Bad", "--redirect-uri", "http://a.example.com/cb", ok=False
    )
    assert "https" in bad_uri.stderr

    link = run_json(db, "user", "invite-link", "--email", "else@example.com")
    assert link["url"].startswith("https://oi.example.com/invitations/oi_inv_")
    missing = run(db, "user", "invite-link", "--email", "nobody@example.com", ok=False)
    assert "No user" in missing.stderr
