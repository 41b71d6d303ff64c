"""Query-string dialects of the hosted API's clients, reduced to one form.

`expand[]=a`, `expand%5B%5D=a`, `expand[0]=a&expand[1]=b` and `expand=a,b` all become
`expand=a&expand=b`; PHP-style nesting (`values[0][attribute_id]=x`) is parsed into JSON-like
structures so it can be merged into a request body.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson

from openinfinity.core.bounds import is_decimal

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_PART = re.compile(r"\[([^\[\]]*)\]")
# Parameters that clients send comma-separated.
_COMMA_LISTS = frozenset({"expand"})


def parse_pairs(raw: bytes | str) -> list[tuple[str, str]]:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return parse_qsl(text, keep_blank_values=True)


def canonical_pairs(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Flatten one-level list syntax (`a[]`, `a[3]`) and comma lists to repeated keys."""
    out: list[tuple[str, str]] = []
    for key, value in pairs:
        match = _KEY.match(key)
        if match and match.group(2):
            parts = _PART.findall(match.group(2))
            if len(parts) == 1 and (parts[0] == "" or is_decimal(parts[0])):
                key = match.group(1)
        if key in _COMMA_LISTS and "," in value:
            out.extend((key, v) for v in value.split(",") if v)
        else:
            out.append((key, value))
    return out


def encode_pairs(pairs: list[tuple[str, str]]) -> bytes:
    return urlencode(pairs).encode("ascii")


def nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """PHP-style nesting: `values[0][data]=x` -> {"values": [{"data": "x"}]}."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = _KEY.match(key)
        if not match:
            continue
        path = [match.group(1), *_PART.findall(match.group(2))]
        node: Any = root
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, list):
                index = len(node) if part == "" else int(part) if is_decimal(part) else None
                if index is None:
                    break
                while len(node) <= index:
                    node.append(None)
                if last:
                    node[index] = value
                else:
                    if not isinstance(node[index], dict | list):
                        node[index] = [] if _is_index(path[i + 1]) else {}
                    node = node[index]
            else:
                if last:
                    if part == "":
                        break
                    node[part] = value
                else:
                    child = node.get(part)
                    if not isinstance(child, dict | list):
                        child = [] if _is_index(path[i + 1]) else {}
                        node[part] = child
                    node = child
    return _drop_holes(root)


def _is_index(part: str) -> bool:
    return part == "" or is_decimal(part)


def _drop_holes(value: Any) -> Any:
    if isinstance(value, list):
        return [_drop_holes(v) for v in value if v is not None]
    if isinstance(value, dict):
        return {k: _drop_holes(v) for k, v in value.items()}
    return value


def deep_merge(base: Any, winner: Any) -> Any:
    """Merge two JSON values; `winner` takes precedence on conflicts."""
    if isinstance(base, dict) and isinstance(winner, dict):
        merged = dict(base)
        for key, value in winner.items():
            merged[key] = deep_merge(merged[key], value) if key in merged else value
        return merged
    return winner


def body_to_pairs(body: dict[str, Any]) -> list[tuple[str, str]]:
    """A JSON body sent with GET, as query pairs (lists repeat, objects stay JSON)."""
    pairs: list[tuple[str, str]] = []
    for key, value in body.items():
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item is None:
                continue
            if isinstance(item, dict | list):
                pairs.append((key, orjson.dumps(item).decode()))
            elif isinstance(item, bool):
                pairs.append((key, "true" if item else "false"))
            else:
                pairs.append((key, str(item)))
    return pairs
