"""Extract the hosted API reference's own examples into src/openinfinity/openapi/reference_examples.json.

The reference (a Scribe page exported to text) gives, per endpoint, a title, a curl request with its
JSON body and one example response. Run once when the reference changes:

    .venv/bin/python scripts/reference_examples.py /path/to/reference.txt

Paths are keyed with their parameters blanked (`/api/v2/workspaces/{}/boards/{}`) because the
reference names them differently (`{board}`, `{board_id}`, `{id}`) from one endpoint to the next.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src/openinfinity/openapi/reference_examples.json"
ENDPOINT = re.compile(r"^(GET|POST|PUT|PATCH|DELETE) (api/v2/\S*)$", re.M)
RESPONSE = re.compile(r"^Example response \((\d{3})\):$", re.M)
DATA = re.compile(r'--data "(\{.*?\})"\n', re.S)


def blank(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", "/" + path.strip("/"))


def _json_after(text: str, start: int) -> Any:
    rest = text[start:].lstrip()
    value, _ = json.JSONDecoder().raw_decode(rest)
    return value


def _title(block: str) -> str | None:
    lines = [line.strip() for line in block.splitlines()]
    for index, line in enumerate(lines):
        if line == "requires authentication" and index > 0:
            for previous in reversed(lines[:index]):
                if previous:
                    return None if ENDPOINT.match(previous) else previous
    return None


def extract(text: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    previous_end = 0
    for match in ENDPOINT.finditer(text):
        block = text[previous_end : match.start()]
        previous_end = match.end()
        if "Example request:" not in block:
            continue  # a second mention of the endpoint line (the Views section repeats it)
        key = f"{match.group(1)} {blank(match.group(2))}"
        entry: dict[str, Any] = {}
        title = _title(block)
        if title:
            entry["summary"] = title
        data = DATA.search(block)
        if data and match.group(1) != "GET":
            raw = data.group(1).replace('\\"', '"').replace("\\\\/", "/")
            with contextlib.suppress(ValueError):
                entry["request"] = json.loads(raw)
        response = RESPONSE.search(block)
        if response:
            with contextlib.suppress(ValueError):
                entry["response"] = {
                    "status": int(response.group(1)),
                    "body": _json_after(block, response.end()),
                }
        found.setdefault(key, entry)
    return found


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/seeds/003_0db4289e1874256c.txt")
    examples = extract(source.read_text())
    OUT.write_text(json.dumps(examples, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(examples)} endpoints -> {OUT}")


if __name__ == "__main__":
    main()
