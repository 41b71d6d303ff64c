"""The new endpoints are described in the OpenAPI document with their response shapes."""

from __future__ import annotations

import httpx

PATHS = {
    "/api/v2/workspaces/{workspace}/boards/{board_id}/items/{item_id}/history": {"get": "ItemChangeReadPage"},
    "/api/v2/workspaces/{workspace}/audit": {"get": "AuditEntryReadPage"},
    "/api/v2/admin/workspaces/{workspace_id}/audit": {"get": "AuditEntryReadPage"},
    "/api/v2/workspaces/{workspace}/boards/{board_id}/time-tracking": {"post": "TimeEntryRead"},
    "/api/v2/workspaces/{workspace}/boards/{board_id}/time-tracking/{entry_id}": {
        "get": "TimeEntryRead",
        "put": "TimeEntryRead",
        "delete": "DeletedRead",
    },
}


async def test_history_audit_and_time_tracking_are_documented(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    for path, methods in PATHS.items():
        assert path in document["paths"], path
        for method, schema in methods.items():
            operation = document["paths"][path][method]
            assert operation["summary"], (path, method)
            responses = operation["responses"]
            body = responses.get("200") or responses.get("201")
            shape = body["content"]["application/json"]["schema"]
            if schema.endswith("Page"):
                # A list: its page, or {"total": N} when asked with return=total.
                page, total = shape["anyOf"]
                assert total["$ref"].endswith("/ListTotal"), (path, method)
                shape = page
            ref = shape["$ref"]
            assert ref.endswith("/" + schema), (path, method, ref)
    time_entry = document["components"]["schemas"]["TimeEntryRead"]["properties"]
    assert set(time_entry) == {
        "id", "object", "item_id", "attribute_id", "started_at", "ended_at", "description", "created_by"
    }  # fmt: skip
    assert "get" not in document["paths"]["/api/v2/workspaces/{workspace}/boards/{board_id}/time-tracking"]
