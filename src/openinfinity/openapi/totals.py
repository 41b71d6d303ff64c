"""`return=total`: a list asked for its total answers `{"total": N}` instead of its page, so the
success response of every list that takes `return` is documented as either shape. Without this a
client generator (and a conformance check) reads the count as a broken page."""

from __future__ import annotations

from typing import Any

TOTAL = "ListTotal"
TOTAL_SCHEMA: dict[str, Any] = {
    "title": TOTAL,
    "type": "object",
    "description": 'What a list answers with `return=total`: `{"total": N}`, the number of its '
    "elements (filters applied; `limit` and cursors ignored).",
    "required": ["total"],
    "properties": {"total": {"type": "integer", "minimum": 0}},
    "additionalProperties": False,
    "examples": [{"total": 42}],
}
_REF = {"$ref": f"#/components/schemas/{TOTAL}"}


def _takes_return(operation: dict[str, Any]) -> bool:
    return any(p.get("in") == "query" and p.get("name") == "return" for p in operation.get("parameters", []))


def document_totals(schema: dict[str, Any]) -> dict[str, Any]:
    """The 200 JSON answer of each operation with a `return` parameter: its page, or a ListTotal."""
    found = False
    for operations in schema.get("paths", {}).values():
        operation = operations.get("get")
        if operation is None or not _takes_return(operation):
            continue
        content = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if content is None or "schema" not in content:
            continue
        page = content["schema"]
        if _REF in page.get("anyOf", []):
            continue
        content["schema"] = {"anyOf": [page, _REF]}
        found = True
    if found:
        schema.setdefault("components", {}).setdefault("schemas", {})[TOTAL] = TOTAL_SCHEMA
    return schema
