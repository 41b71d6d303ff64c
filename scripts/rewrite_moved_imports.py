#!/usr/bin/env python3
"""Rewrite imports of modules moved for the one-way package layering (docs/architecture.md).

Usage: rewrite_moved_imports.py PATH...   Rewrites `openinfinity.<old>` dotted names and
`from openinfinity.<old package> import <moved module>` lines in place; run it on code written
against the old paths (a merged branch, a stale script). Idempotent."""

from __future__ import annotations

import re
import sys
from pathlib import Path

MOVED = {
    "attributes.models": "schema.attributes.models",
    "attributes.types": "schema.attributes.types",
    "attributes.values": "schema.attributes.values",
    "attributes.schemas": "schema.attributes.schemas",
    "attributes.catalog": "items.catalog",
    "folders.models": "schema.folders.models",
    "folders.schemas": "schema.folders.schemas",
    "references.models": "schema.references.models",
    "attachments.models": "files.models",
    "attachments.storage": "files.storage",
    "attachments.signing": "files.signing",
    "attachments.runtime": "files.runtime",
    "attachments.lookup": "files.lookup",
    "attachments.schemas": "files.schemas",
    "attachments.files": "files.names",
    "web.secret": "core.secret",
    "web.pages": "auth.pages",
    "web.security": "auth.security",
    "users.models": "accounts.users.models",
    "users.service": "accounts.users.service",
    "workspaces.models": "accounts.workspaces.models",
}

DOTTED = re.compile(r"openinfinity\.(" + "|".join(re.escape(k) for k in MOVED) + r")\b")
FROM_PACKAGE = re.compile(r"^(\s*)from openinfinity\.(\w+) import (.+)$")


def _from_line(match: re.Match[str]) -> str:
    """`from openinfinity.attributes import models, service` -> one line per new home."""
    indent, package, names = match.groups()
    if names.strip().startswith("("):
        return match.group(0)  # multi-line imports of whole modules do not occur; leave them be
    groups: dict[str, list[str]] = {}
    for name in (n.strip() for n in names.split(",")):
        module = name.split(" as ")[0].strip()
        new = MOVED.get(f"{package}.{module}")
        home = new.rsplit(".", 1)[0] if new else package
        alias = new.rsplit(".", 1)[1] if new else module
        rest = name[len(module) :]
        if new and alias != module and " as " not in name:
            rest = f" as {module}"
        groups.setdefault(home, []).append(alias + rest)
    return "\n".join(f"{indent}from openinfinity.{home} import {', '.join(n)}" for home, n in groups.items())


def rewrite(text: str) -> str:
    text = DOTTED.sub(lambda m: "openinfinity." + MOVED[m.group(1)], text)
    return "\n".join(FROM_PACKAGE.sub(_from_line, line) for line in text.split("\n"))


def main() -> None:
    for root in map(Path, sys.argv[1:]):
        paths = (
            [root] if root.is_file() else [*root.rglob("*.py"), *root.rglob("*.md"), *root.rglob("*.toml")]
        )
        for path in paths:
            if ".venv" in path.parts or "node_modules" in path.parts:
                continue
            old = path.read_text(encoding="utf-8")
            new = rewrite(old)
            if new != old:
                path.write_text(new, encoding="utf-8")
                print(path)


if __name__ == "__main__":
    main()
