"""Generate the sync client (src/infinity_client/_sync/) from the async one (_async/).

The two clients differ only in `async`/`await` and names, so one is written and the other is
derived (as httpcore does): `python scripts/unasync.py` rewrites _sync/, `--check` exits 1 when
_sync/ differs from what it would write (tests/test_generated.py runs it).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "infinity_client"
SOURCE, TARGET = PACKAGE / "_async", PACKAGE / "_sync"
HEADER = "# Generated from _async/{name} by scripts/unasync.py: edit that file, then run the script.\n"

SUBSTITUTIONS = [
    (r"\binfinity_client\._async\b", "infinity_client._sync"),
    (r"\bAsync(?=[A-Z])", ""),
    (r"\basync def\b", "def"),
    (r"\basync for\b", "for"),
    (r"\basync with\b", "with"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\baclose\b", "close"),
    (r"\baiter_lines\b", "iter_lines"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\baread\b", "read"),
    (r"^import asyncio$", "import time"),
    (r"\basyncio\.sleep\b", "time.sleep"),
    (r"Awaitable\[(\w+(?:\[\w+\])?)\]", r"\1"),
    (r"\bAwaitable, ", ""),
    (r"^from collections\.abc import Awaitable\n", ""),
]


def convert(text: str) -> str:
    for pattern, replacement in SUBSTITUTIONS:
        text = re.sub(pattern, replacement, text, flags=re.MULTILINE)
    return text


def expected() -> dict[str, str]:
    out = {}
    for path in sorted(SOURCE.glob("*.py")):
        text = convert(path.read_text())
        out[path.name] = (HEADER.format(name=path.name) + text) if text.strip() else text
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="report drift instead of writing")
    args = parser.parse_args()
    wanted = expected()
    present = {p.name: p.read_text() for p in TARGET.glob("*.py")}
    stale = sorted(n for n in wanted.keys() | present.keys() if wanted.get(n) != present.get(n))
    if args.check:
        for name in stale:
            print(
                f"_sync/{name} is out of date: run python clients/python/scripts/unasync.py", file=sys.stderr
            )
        return 1 if stale else 0
    TARGET.mkdir(exist_ok=True)
    for name in stale:
        if name in wanted:
            (TARGET / name).write_text(wanted[name])
        else:
            (TARGET / name).unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
