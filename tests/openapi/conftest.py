"""The server's OpenAPI document, built once from a real application (no database needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from openinfinity.app import create_app
from openinfinity.core.config import Settings


@pytest.fixture(scope="session")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    database = Path(tmp_path_factory.mktemp("openapi")) / "unused.db"
    app = create_app(Settings(database_url=f"sqlite+aiosqlite:///{database}"))
    schema: dict[str, Any] = app.openapi()
    return schema


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    methods = ("get", "put", "post", "delete", "patch", "head", "options")
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]
