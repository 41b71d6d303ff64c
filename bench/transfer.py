"""Workspace archive benchmark: export a workspace of N items with 5 values each (the items
benchmark's bulk-loaded board), then, optionally, import the archive into a fresh database.

    PYTHONPATH=src python -m bench.transfer --items 100000 [--import]

PostgreSQL when OPENINFINITY_BENCH_DATABASE_URL is set (as for bench.items). Prints the time and
the archive size; the target is an export of 100,000 items / 500,000 values in under a minute.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from bench import dataset


async def _export(database_url: str, workspace_id: int, target: Path) -> dict[str, object]:
    from openinfinity.core.config import Settings
    from openinfinity.core.db import Database
    from openinfinity.files.runtime import AttachmentsRuntime
    from openinfinity.transfer import archive

    settings = Settings(database_url=database_url, data_dir=target.parent)  # type: ignore[call-arg]
    db = Database(settings)
    try:
        return await archive.export(db, AttachmentsRuntime.build(settings), workspace_id, target)
    finally:
        await db.dispose()


async def _import(database_url: str, source: Path) -> dict[str, object]:
    from openinfinity.core.config import Settings
    from openinfinity.core.db import Database
    from openinfinity.files.runtime import AttachmentsRuntime
    from openinfinity.transfer.archive import ArchiveSource
    from openinfinity.transfer.service import run_import

    settings = Settings(database_url=database_url, data_dir=source.parent)  # type: ignore[call-arg]
    db = Database(settings)
    try:
        return await run_import(db, AttachmentsRuntime.build(settings), ArchiveSource.load(source))
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--import", dest="load", action="store_true", help="also import the archive")
    args = parser.parse_args()
    from openinfinity.core.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="oi-bench-transfer-") as tmp:
        work = Path(tmp)
        fx, _, _ = dataset.build(args.items, work)
        target = work / "workspace.tar.gz"
        started = time.perf_counter()
        manifest = asyncio.run(_export(fx.database_url, fx.workspace_id, target))
        seconds = time.perf_counter() - started
        counts = manifest["counts"]
        assert isinstance(counts, dict)
        print(
            f"export: {counts['item']} items in {seconds:.1f} s "
            f"({target.stat().st_size / 1e6:.1f} MB archive)",
            flush=True,
        )
        if args.load:
            fresh = f"sqlite+aiosqlite:///{work / 'imported.db'}"
            upgrade(fresh)
            started = time.perf_counter()
            report = asyncio.run(_import(fresh, target))
            seconds = time.perf_counter() - started
            created = report["created"]
            assert isinstance(created, dict)
            print(f"import: {created.get('item', 0)} items in {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
