"""Long commands (backup, restore, gc-attachments) draw a progress bar, stage by stage, when their
stderr is a terminal (a real pseudo-terminal here), and print nothing but their JSON in scripts."""

from __future__ import annotations

import contextlib
import json
import os
import pty
import subprocess
import threading
from pathlib import Path

from tests.servers import CLI, cli_env, cli_json, run_cli


def _env(tmp: Path, name: str) -> dict[str, str]:
    data = tmp / name
    return cli_env(f"sqlite:///{data / 'openinfinity.db'}", OPENINFINITY_DATA_DIR=str(data), COLUMNS="120")


def on_terminal(
    args: list[str], env: dict[str, str], cwd: Path
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the CLI with stderr on a pseudo-terminal (stdout a pipe, as `cmd | jq` would have)."""
    leader, follower = pty.openpty()
    shown = bytearray()

    def read() -> None:
        with contextlib.suppress(OSError):
            while chunk := os.read(leader, 65536):
                shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [*CLI, *args], env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=follower, text=True, timeout=120
        )
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    return done, shown.decode(errors="replace")


def _with_attachments(tmp: Path, name: str, count: int) -> dict[str, str]:
    env = _env(tmp, name)
    boot = ["bootstrap", "--email", f"{name}@example.com", "--name", "P", "--workspace", "W"]
    cli_json(boot, env, tmp)
    files = tmp / name / "attachments" / "1"
    files.mkdir(parents=True)
    for n in range(count):
        (files / f"file-{n}.txt").write_bytes(b"x" * 1000 * (n + 1))
    return env


def test_backup_and_restore_show_each_stage_on_a_terminal(tmp_path: Path) -> None:
    source = _with_attachments(tmp_path, "source", 3)
    archive = tmp_path / "a.tar.gz"
    done, shown = on_terminal(["backup", str(archive)], source, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["database"] == "sqlite"
    for stage in ("backup: database", "backup: attachments", "backup: archive"):
        assert stage in shown, shown
    assert "0/3" in shown  # the attachments stage counts three files

    target = _env(tmp_path, "target")
    done, shown = on_terminal(["restore", str(archive)], target, tmp_path)
    assert done.returncode == 0, done.stderr
    for stage in ("restore: checking", "restore: database", "restore: attachments"):
        assert stage in shown, shown
    assert sorted(p.name for p in (tmp_path / "target" / "attachments" / "1").iterdir()) == [
        "file-0.txt",
        "file-1.txt",
        "file-2.txt",
    ]


def test_gc_attachments_shows_its_stages_on_a_terminal(tmp_path: Path) -> None:
    env = _env(tmp_path, "gc")
    cli_json(["bootstrap", "--email", "gc@example.com", "--name", "G", "--workspace", "W"], env, tmp_path)
    done, shown = on_terminal(["gc-attachments", "--grace", "0"], env, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["deleted"] == 0
    for stage in ("gc-attachments: scanning", "gc-attachments: rows", "gc-attachments: files"):
        assert stage in shown, shown


def test_scripts_get_only_the_json(tmp_path: Path) -> None:
    source = _with_attachments(tmp_path, "quiet", 2)
    archive = tmp_path / "q.tar.gz"
    for args, env in (
        (["backup", str(archive)], source),
        (["restore", str(archive)], _env(tmp_path, "quiet-target")),
        (["gc-attachments"], source),
    ):
        done = run_cli(args, env, tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""  # no bar, no escape codes
        assert isinstance(json.loads(done.stdout), dict)
