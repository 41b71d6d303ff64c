"""A client generator from PyPI (openapi-python-client) turns our document into a client with
readable names: a module per operation named after its id (`list_items`), models per schema,
and the package imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

GENERATOR = Path(sys.executable).with_name("openapi-python-client")


def test_generated_client_has_readable_names_and_imports(document: dict[str, Any], tmp_path: Path) -> None:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document))
    config = tmp_path / "config.json"
    config.write_text(
        json.dumps({"project_name_override": "oi-client", "package_name_override": "oi_client"})
    )
    done = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(spec), "--config", str(config), "--meta", "none"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    package = tmp_path / "oi_client"
    modules = {path.stem for path in (package / "api").rglob("*.py")}
    for name in ("list_items", "create_item", "get_item", "update_item", "delete_item", "list_boards",
                 "create_attachment_from_file", "invite_member", "list_admin_users"):  # fmt: skip
        assert name in modules, name
    assert all(len(name) <= 40 for name in modules), sorted(modules, key=len)[-3:]
    models = {path.stem for path in (package / "models").glob("*.py")}
    assert {"item_read", "checkbox_attribute_read", "error_read"} <= models
    # Its warnings name what it could not turn into code. Only the thumbnail's image body is left
    # out (the generator has no type for image/* responses).
    output = done.stdout + done.stderr
    skipped = [line for line in output.splitlines() if line.startswith("WARNING parsing")]
    assert all("/thumb " in line for line in skipped), output[-3000:]
    script = (
        "from oi_client import AuthenticatedClient\n"
        "from oi_client.api.items import list_items, create_item\n"
        "from oi_client.models import ItemRead, LabelAttributeRead\n"
        "client = AuthenticatedClient(base_url='http://127.0.0.1:9', token='t')\n"
        "print(list_items.sync_detailed.__name__, create_item.__name__, ItemRead.__name__)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    imported = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr[-3000:]
    assert "sync_detailed" in imported.stdout
