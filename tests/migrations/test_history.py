"""The migration history: one head, every migration after the merge point has one parent, and no
migration imports application code (an old database must upgrade whatever the code is today)."""

from __future__ import annotations

import ast
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory

from openinfinity.core.migrate import alembic_config
from openinfinity.items.search import search_key
from openinfinity.migrations import frozen

VERSIONS = Path(frozen.__file__).parent / "versions"


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def test_the_history_has_one_head() -> None:
    """One revision that no other revision builds on (0007 counts as built on: 0012 depends on it)."""
    revisions = list(_scripts().walk_revisions())
    parents = {
        parent
        for revision in revisions
        for parent in (*_as_tuple(revision.down_revision), *_as_tuple(revision.dependencies))
    }
    assert len([r.revision for r in revisions if r.revision not in parents]) == 1


def _as_tuple(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def test_every_migration_after_the_merge_point_has_one_parent() -> None:
    scripts = _scripts()
    for revision in scripts.walk_revisions():
        if revision.revision > "0013":
            assert isinstance(revision.down_revision, str), revision.revision
            assert not revision.dependencies, revision.revision


def test_no_migration_imports_application_code() -> None:
    for path in sorted(VERSIONS.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                allowed = node.module == "openinfinity.migrations.frozen" or not node.module.startswith(
                    "openinfinity"
                )
                assert allowed, f"{path.name} imports {node.module}"
            if isinstance(node, ast.Import):
                assert all(not a.name.startswith("openinfinity") for a in node.names), path.name


def test_the_frozen_search_key_is_the_one_the_application_writes() -> None:
    for created, item_id in [
        (datetime(2024, 5, 1, 12, 0, 0, 123), "Ab3xYz9Qw1e"),
        (datetime(2020, 1, 1), "z"),
    ]:
        assert frozen.search_key(created, item_id) == search_key(created, item_id)
