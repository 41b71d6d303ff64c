"""The bounded schemathesis run (scripts/fuzz.py runs the long one): every operation of the server's
own /openapi.json, seeded and deterministic, on SQLite and PostgreSQL. The coverage phase (every
schema edge case) takes minutes, so it runs in the long script; here the document's own examples
(the hosted reference's), then random and stateful cases."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.proof.fuzz_harness import fuzz
from tests.servers import cli_env, running_server


async def test_schema_fuzzing_finds_no_failure(server_database_url: str, tmp_path: Path) -> None:
    env = cli_env(server_database_url, OPENINFINITY_RATE_LIMIT="1000000000/minute")

    def run() -> object:
        with running_server(env, tmp_path) as base:
            return fuzz(base, env, tmp_path, max_examples=3, phases="examples,fuzzing,stateful")

    figures = await asyncio.to_thread(run)
    assert figures.operations > 50  # type: ignore[attr-defined]
    assert figures.failures == 0 and figures.errors == 0, "\n".join(  # type: ignore[attr-defined]
        figures.details + figures.output  # type: ignore[attr-defined]
    )
