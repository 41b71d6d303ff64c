"""The code samples of the guide (docs/guide/*.md): fenced blocks marked `<!-- test -->` on the line
before, run in page order as a reader would, like one terminal session per page.

Shell blocks run in bash (`set -euo pipefail`), Python blocks with this interpreter, JavaScript
blocks with node. A variable a shell block assigns (`BOARD=...`, `export OI_TOKEN=...`) is handed
on to every later block of the page, whatever its language, as an environment variable. A block
that is not run says why on the line before: `<!-- not run: ... -->`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "guide"
MARK = "<!-- test -->"
UNTESTED = "<!-- not run:"
FENCE = re.compile(r"^```(\w+)\s*$")
ASSIGNED = re.compile(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=", re.M)
STATE = "\x00--state--\x00"


@dataclass
class Sample:
    page: str
    line: int
    language: str
    code: str
    marked: bool
    not_run: bool


def samples(page: Path) -> list[Sample]:
    found: list[Sample] = []
    lines = page.read_text().splitlines()
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        start = index
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].rstrip() != "```":
            body.append(lines[index])
            index += 1
        before = next((lines[i].strip() for i in range(start - 1, -1, -1) if lines[i].strip()), "")
        found.append(
            Sample(
                page=page.name,
                line=start + 1,
                language=opening.group(1),
                code="\n".join(body) + "\n",
                marked=before == MARK,
                not_run=before.startswith(UNTESTED),
            )
        )
        index += 1
    return found


def _command(sample: Sample) -> list[str]:
    if sample.language == "bash":
        names = sorted(set(ASSIGNED.findall(sample.code)))
        dump = "".join(f'printf "%s=%s\\0" {name} "${{{name}-}}" >&2\n' for name in names)
        return ["bash", "-c", f"set -euo pipefail\n{sample.code}\nprintf '\\0--state--\\0' >&2\n{dump}"]
    if sample.language == "python":
        return [sys.executable, "-c", sample.code]
    if sample.language == "javascript":
        node = shutil.which("node")
        assert node, "node is needed for the JavaScript samples"
        return [node, "--input-type=module", "-e", sample.code]
    raise AssertionError(f"{sample.page} line {sample.line}: no runner for {sample.language}")


def run_page(
    page: Path,
    env: dict[str, str],
    cwd: Path,
    *,
    after_each: Callable[[dict[str, str]], None] | None = None,
    timeout: float = 120,
) -> list[str]:
    """Run the page's marked samples in order; their outputs. Raises AssertionError on a failure."""
    env = dict(env)
    outputs: list[str] = []
    for sample in samples(page):
        if not sample.marked:
            continue
        done = subprocess.run(
            _command(sample), env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
        )
        stderr = done.stderr
        if STATE in stderr:
            stderr, state = stderr.split(STATE, 1)
            for pair in state.split("\x00"):
                name, sep, value = pair.partition("=")
                if sep:
                    env[name] = value
        if done.returncode != 0:
            raise AssertionError(
                f"{sample.page} line {sample.line} ({sample.language}) failed with {done.returncode}:\n"
                f"{sample.code}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{stderr[-3000:]}"
            )
        outputs.append(done.stdout)
        if after_each is not None:
            after_each(env)
    return outputs
