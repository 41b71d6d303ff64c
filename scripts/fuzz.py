"""Long schemathesis run against a fresh `openinfinity serve` (SQLite by default).

    PYTHONPATH=src python scripts/fuzz.py --max-examples 50 [--database-url postgresql+asyncpg://...]

Prints the figures (operations, cases, failures) and every failure; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.proof.fuzz_harness import fuzz  # noqa: E402
from tests.servers import cli_env, running_server  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--database-url", default=None, help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/fuzz.db"
        env = cli_env(url, OPENINFINITY_RATE_LIMIT="1000000000/minute")
        started = time.monotonic()
        with running_server(env, Path(tmp)) as base:
            figures = fuzz(base, env, Path(tmp), max_examples=args.max_examples, seed=args.seed)
        elapsed = time.monotonic() - started
    print(f"operations tested: {figures.operations}")
    print(f"test cases: {figures.cases}")
    print(f"unique failures: {figures.failures}, errors: {figures.errors}")
    print(f"time: {elapsed:.0f} s")
    for line in figures.details:
        print(" -", line)
    if figures.output:
        Path("fuzz-failures.txt").write_text("\n".join(figures.output))
        print("schemathesis output of the failing passes: fuzz-failures.txt")
    return 1 if figures.failures or figures.errors else 0


if __name__ == "__main__":
    sys.exit(main())
