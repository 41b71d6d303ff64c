"""A fresh database per backend for the tests that run real server processes against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import BACKENDS
from tests.databases import drop_postgres_database, fresh_database_url


@pytest.fixture(params=BACKENDS)
async def server_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    url = await fresh_database_url(request.param, tmp_path)
    yield url
    if request.param == "postgres":
        await drop_postgres_database(url)
