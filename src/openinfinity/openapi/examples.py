"""Examples and summaries taken from the hosted API reference (reference_examples.json, written by
scripts/reference_examples.py), applied to the operations with the same method and path.

Examples live here rather than in each routes file: one place to review them against the
reference, and routes stay short. An operation keeps an example its route already declares.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

SOURCE = Path(__file__).with_name("reference_examples.json")
JSON = "application/json"
# Request examples of openinfinity's own operations (the reference has none for them), by id.
# PATCH operations without one borrow their PUT's: the bodies have the same fields.
_FILTER = {
    "conditions": [{"attributeId": "e9eabdcd-66be-41d4-a88c-bdf8d05c28a9", "operator": "gte", "value": 8}]
}
OWN_REQUEST_EXAMPLES: dict[str, Any] = {
    "createView": {
        "name": "Big ones",
        "type": "table",
        "folder_id": "APwqfkShQuR",
        "settings": {"filter": _FILTER},
    },
    "replaceView": {"name": "Big ones", "type": "columns", "settings": {"filter": _FILTER}},
    "updateView": {"name": "Large ones"},
    "updateBoard": {"name": "Roadmap 2024", "description": "What we build next", "user_ids": [1299]},
    "changeMemberRole": {"role": "admin"},
    "createWorkspace": {"name": "Marketing"},
    "updateWorkspace": {"name": "Marketing team"},
    "createToken": {"name": "CI export", "scopes": ["read"], "expires_in_days": 90},
    "createClient": {"name": "Time tracker", "redirect_uris": ["https://tracker.example.com/callback"]},
    "createAdminUser": {"email": "ada@example.com", "name": "Ada Lovelace", "password": "a long passphrase"},
    "updateAdminUser": {"active": False},
    "upsertItem": {
        "folder_id": "APwqfkShQuR",
        "values": [{"attribute_id": "e9eabdcd-66be-41d4-a88c-bdf8d05c28a9", "data": "SKU-1"}],
    },
    "runItemBatch": {
        "operations": [
            {
                "action": "create",
                "folder_id": "APwqfkShQuR",
                "values": [{"attribute_id": "e9eabdcd-66be-41d4-a88c-bdf8d05c28a9", "data": "Ana"}],
            },
            {"action": "delete", "id": "ZGWw4qPPwX9"},
        ]
    },
    "setItemValues": {
        "attribute_id": "e9eabdcd-66be-41d4-a88c-bdf8d05c28a9",
        "data": 42,
        "item_ids": ["ZGWw4qPPwX9", "mQ8bWsUx1Kd"],
    },
    "createTimeEntry": {
        "item_id": "ZGWw4qPPwX9",
        "attribute_id": "0a6a6a2e-3c1c-4b9e-9a55-1f0c8d3e2b71",
        "description": "Writing the proposal",
    },
    "updateTimeEntry": {"ended_at": "2026-04-20T17:30:00", "description": "Writing the proposal"},
    "createAdminImport": {
        "url": "https://app.startinfinity.com",
        "token": "<a token of the source that can read the workspace>",
        "workspace_id": "3Bd9fLw2kQe",
        "rate_per_minute": 180,
    },
}


@cache
def reference_examples() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(SOURCE.read_text())
    return data


def borrow_put_examples(operations: dict[str, Any]) -> None:
    """A PATCH without a request example takes its PUT's (same fields, all optional)."""
    put = operations.get("put", {}).get("requestBody", {}).get("content", {}).get(JSON, {})
    patch = operations.get("patch", {}).get("requestBody", {}).get("content", {}).get(JSON)
    if patch is not None and "example" in put and "example" not in patch:
        patch["example"] = put["example"]


def reference_key(method: str, path: str) -> str:
    return f"{method.upper()} {re.sub(r'{[^}]+}', '{}', path)}"


def summary_from_id(operation_id: str) -> str:
    words = re.findall(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])", operation_id)
    return " ".join(words).capitalize()


def _success(responses: dict[str, Any]) -> dict[str, Any] | None:
    for status in sorted(responses):
        if status.startswith("2"):
            found: dict[str, Any] = responses[status]
            return found
    return None


def apply_examples(method: str, path: str, operation: dict[str, Any]) -> None:
    entry = reference_examples().get(reference_key(method, path), {})
    if not operation.get("summary"):
        operation["summary"] = entry.get("summary") or summary_from_id(operation.get("operationId", ""))
    body = operation.get("requestBody", {}).get("content", {}).get(JSON)
    request = entry.get("request", OWN_REQUEST_EXAMPLES.get(operation.get("operationId", "")))
    if body is not None and request is not None and "example" not in body and "examples" not in body:
        body["example"] = request
    response = entry.get("response")
    if not response or not str(response["status"]).startswith("2"):
        return
    responses = operation.get("responses", {})
    target = responses.get(str(response["status"])) or _success(responses)
    content = (target or {}).get("content", {}).get(JSON)
    if content is not None and "example" not in content and "examples" not in content:
        content["example"] = response["body"]
